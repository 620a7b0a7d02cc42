package org.massaged.fleet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Many daemons, each with its own simulator, in one JVM ({@link FleetTest}): nothing in the main code of
 * device-profiles, controller or simulator may be shared between them by accident. No static field can change
 * (none is assignable, none holds a collection, array, counter, cache or executor), no static initialiser reads a
 * system property or the environment once for everyone, and only a process's entry points touch what the whole JVM
 * shares (system properties, standard streams, exit, shutdown hooks, signal handlers, JVM-wide defaults).
 */
class NoStaticStateTest {

    private static final String PROJECT = "org.massaged";

    /** Methods that change what every daemon in the JVM sees, by declaring class. */
    private static final Map<String, Set<String>> JVM_WIDE = Map.of(
            "java.lang.System", Set.of("setProperty", "clearProperty", "setProperties", "setOut", "setErr", "setIn",
                    "exit", "setSecurityManager"),
            "java.lang.Runtime", Set.of("exit", "halt", "addShutdownHook", "removeShutdownHook"),
            "java.lang.Thread", Set.of("setDefaultUncaughtExceptionHandler"),
            "java.util.Locale", Set.of("setDefault"),
            "java.util.TimeZone", Set.of("setDefault"),
            "java.net.Authenticator", Set.of("setDefault"),
            "javax.net.ssl.SSLContext", Set.of("setDefault"),
            "javax.net.ssl.HttpsURLConnection", Set.of("setDefaultSSLSocketFactory", "setDefaultHostnameVerifier"),
            "java.security.Security", Set.of("addProvider", "insertProviderAt", "setProperty"),
            "sun.misc.Signal", Set.of("handle"));

    /** Reads that, in a static initialiser, would fix one value for every daemon of the JVM. */
    private static final Map<String, Set<String>> PROCESS_SETTINGS = Map.of(
            "java.lang.System", Set.of("getProperty", "getProperties", "getenv"),
            "java.lang.Integer", Set.of("getInteger"),
            "java.lang.Long", Set.of("getLong"),
            "java.lang.Boolean", Set.of("getBoolean"));

    /**
     * Where a process is what is being run, not a daemon inside it: the {@code main} methods, the standalone
     * simulator that runs until its process ends, and the controlled stop that {@code massaged run} arms on the
     * process's signals (and gives back when it has run).
     */
    private static final Set<String> PROCESS_ENTRY_POINTS = Set.of(
            "org.massaged.simulator.mcu.SimulatorMain.call",
            "org.massaged.controller.app.systemd.ControlledStop.installSignalHandlers",
            "org.massaged.controller.app.systemd.ControlledStop.giveBackSignals");

    /**
     * Lookup tables of numbers, private, filled by their class's static initialiser and only read afterwards: the
     * one kind of array a static field may hold (an array cannot be made read-only, and these are hot paths).
     */
    private static final Set<String> PRIVATE_LOOKUP_TABLES = Set.of(
            "org.massaged.device.protocol.Crc16.TABLE",
            "org.massaged.controller.session.JournalFormat.POWERS");

    private static JavaClasses mainCode;

    @BeforeAll
    static void importMainCode() {
        mainCode = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                // the tests' own library (brokers, child JVMs), never part of a daemon
                .withImportOption(location -> !location.contains("test-fixtures"))
                .importPackages(PROJECT);
        assertThat(mainCode.stream().map(JavaClass::getPackageName))
                .as("the main code of every module is on this module's class path")
                .anyMatch(name -> name.startsWith("org.massaged.device"))
                .anyMatch(name -> name.startsWith("org.massaged.controller"))
                .anyMatch(name -> name.startsWith("org.massaged.simulator"));
    }

    @Test
    void noStaticFieldCanBeAssigned() {
        fields().that().areStatic().should().beFinal().check(mainCode);
    }

    @Test
    void everyStaticFieldHoldsAValueThatCannotChange() throws ClassNotFoundException {
        List<String> problems = new ArrayList<>();
        for (JavaClass javaClass : mainCode) {
            Class<?> type = Class.forName(javaClass.getName(), true, getClass().getClassLoader());
            for (Field field : type.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers()) || field.isSynthetic() || field.getType().isPrimitive()) {
                    continue;
                }
                String name = type.getName() + "." + field.getName();
                if (PRIVATE_LOOKUP_TABLES.contains(name)) {
                    assertThat(Modifier.isPrivate(field.getModifiers()) && field.getType().getComponentType().isPrimitive())
                            .as(name + " is a private table of numbers").isTrue();
                    continue;
                }
                field.setAccessible(true);
                Object value;
                try {
                    value = field.get(null);
                } catch (IllegalAccessException closed) {
                    throw new IllegalStateException(closed);
                }
                problems.addAll(DeepImmutability.problems(value, name, PROJECT));
            }
        }
        assertThat(problems).as("static state shared by every daemon of a JVM").isEmpty();
    }

    @Test
    void noStaticInitialiserReadsAProcessSettingOnceForEveryone() {
        classes().should(callNoneOf(PROCESS_SETTINGS, "read once for every daemon of the JVM",
                call -> call.getOrigin().getName().equals("<clinit>"))).check(mainCode);
    }

    @Test
    void onlyProcessEntryPointsChangeWhatTheWholeJvmShares() {
        classes().should(callNoneOf(JVM_WIDE, "changes what every daemon of the JVM shares",
                call -> !call.getOrigin().getName().equals("main") && !PROCESS_ENTRY_POINTS.contains(
                        call.getOriginOwner().getName() + "." + call.getOrigin().getName()))).check(mainCode);
    }

    private static ArchCondition<JavaClass> callNoneOf(Map<String, Set<String>> methods, String why,
                                                      java.util.function.Predicate<JavaMethodCall> counts) {
        return new ArchCondition<>("call none of " + methods.keySet() + " where it " + why) {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                for (JavaMethodCall call : javaClass.getMethodCallsFromSelf()) {
                    String owner = call.getTargetOwner().getName();
                    if (methods.getOrDefault(owner, Set.of()).contains(call.getName()) && counts.test(call)) {
                        events.add(SimpleConditionEvent.violated(call, call.getDescription() + ": " + why));
                    }
                }
            }
        };
    }
}
