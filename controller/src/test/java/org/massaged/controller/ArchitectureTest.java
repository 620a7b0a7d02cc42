package org.massaged.controller;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.fasterxml.jackson.databind.JsonNode;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rules of the house from DESIGN.md: a pure safety core, adapters outside it. */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.massaged");
    }

    @Test
    void safetyCoreDependsOnTheJdkAndDeviceProfilesAlone() {
        noClasses().that().resideInAPackage("org.massaged.controller.safety..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.eclipse.paho..", "com.pi4j..", "com.fazecast..", "io.moquette..",
                        "com.fasterxml..", "picocli..", "org.slf4j..", "ch.qos..",
                        "org.massaged.controller.hardware..", "org.massaged.controller.mqtt..",
                        "org.massaged.controller.session..", "org.massaged.controller.app..",
                        "org.massaged.simulator..")
                .check(classes);
    }

    @Test
    void safetyCoreDoesNoIoNoThreadsAndReadsNoClock() {
        noClasses().that().resideInAPackage("org.massaged.controller.safety..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "java.io..", "java.nio..", "java.net..", "java.util.concurrent..", "java.lang.reflect..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.Thread")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.Clock")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(java.time.Instant.class, "now")
                .check(classes);
    }

    /**
     * The daemon writes and reads JSON through {@code JsonCodec}'s streaming parser and generator: an
     * {@code ObjectMapper} (also the one behind a tree node's {@code toString()}) costs about 450 classes and 3 MB
     * of resident memory (docs/benchmarks/footprint.md). The command line, a short-lived process, may print nodes.
     */
    @Test
    void theDaemonNeverLoadsAnObjectMapper() {
        noClasses().that().resideInAPackage("org.massaged.controller..")
                .and().resideOutsideOfPackage("org.massaged.controller.app.cli..")
                .should().dependOnClassesThat().haveFullyQualifiedName("com.fasterxml.jackson.databind.ObjectMapper")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("com.fasterxml.jackson.databind.json.JsonMapper")
                .orShould().callMethodWhere(target(nameMatching("toString|toPrettyString"))
                        .and(target(owner(assignableTo(JsonNode.class)))))
                .check(classes);
    }

    @Test
    void theCoreNeverImportsAnAdapter() {
        noClasses().that().resideInAnyPackage("org.massaged.controller.safety..", "org.massaged.controller.session..",
                        "org.massaged.device..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.massaged.controller.hardware..", "org.massaged.controller.mqtt..",
                        "org.massaged.controller.app..", "org.massaged.controller.web..", "org.massaged.simulator..")
                .check(classes);
    }

    @Test
    void adaptersDoNotReachIntoEachOther() {
        noClasses().that().resideInAPackage("org.massaged.controller.mqtt..")
                .should().dependOnClassesThat().resideInAnyPackage("org.massaged.controller.hardware..",
                        "com.pi4j..", "com.fazecast..")
                .allowEmptyShould(true)
                .check(classes);
        noClasses().that().resideInAPackage("org.massaged.controller.hardware..")
                .should().dependOnClassesThat().resideInAnyPackage("org.massaged.controller.mqtt..",
                        "org.eclipse.paho..")
                .allowEmptyShould(true)
                .check(classes);
        noClasses().that().resideInAPackage("org.massaged.controller.web..")
                .should().dependOnClassesThat().resideInAnyPackage("org.massaged.controller.hardware..",
                        "com.pi4j..", "com.fazecast..", "org.eclipse.paho..")
                .check(classes);
    }
}
