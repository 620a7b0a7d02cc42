package org.massaged.device.protocol;

/** The wire protocol version this code speaks; carried in every frame as {@code major << 4 | minor}. */
public final class ProtocolVersion {
    public static final int MAJOR = 2;
    public static final int MINOR = 0;
    public static final int BYTE = versionByte(MAJOR, MINOR);

    private ProtocolVersion() {}

    public static int versionByte(int major, int minor) {
        if (major < 0 || major > 15 || minor < 0 || minor > 15) {
            throw new IllegalArgumentException("protocol version " + major + "." + minor + " does not fit 4+4 bits");
        }
        return major << 4 | minor;
    }

    public static int major(int versionByte) {
        return (versionByte >>> 4) & 0x0F;
    }

    public static int minor(int versionByte) {
        return versionByte & 0x0F;
    }
}
