package org.massaged.device.profile.yaml;

/** The {@code version} every file starts with, so the format can evolve: this build reads version 1. */
public final class FormatVersion {

    public static final int CURRENT = 1;

    private FormatVersion() {}

    public static void check(YamlMap map) {
        map.required("version").ifPresent(value -> {
            if (!value.shown().equals("\"" + CURRENT + "\"")) {
                value.problem(CURRENT + " (the only format version this build reads)");
            }
        });
    }
}
