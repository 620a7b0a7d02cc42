package org.massaged.controller.app.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest (set by the Maven build). */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = MassagedCommand.class.getPackage().getImplementationVersion();
        return new String[] {"massaged " + (version == null ? "(development build)" : version),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"};
    }
}
