package org.massaged.controller.hardware.serial;

import java.util.ArrayList;
import java.util.List;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.protocol.Message;
import org.massaged.device.protocol.ProfileWire;
import org.massaged.device.protocol.ProtocolVersion;

/** What makes the host refuse a board at IDENTIFY (docs/protocol.md §4.1), each difference in words. */
final class IdentityCheck {

    private IdentityCheck() {
    }

    /** Every difference between the board and the profile; empty when the board is the one the profile means. */
    static List<String> problems(DeviceProfile profile, Message.Identify identify) {
        List<String> problems = new ArrayList<>();
        if (identify.protocolMajor() != ProtocolVersion.MAJOR) {
            problems.add("the device speaks protocol %d.%d, this daemon speaks %d.%d (major versions must match; "
                    .formatted(identify.protocolMajor(), identify.protocolMinor(), ProtocolVersion.MAJOR,
                            ProtocolVersion.MINOR) + "flash firmware of protocol " + ProtocolVersion.MAJOR
                    + " (docs/firmware.md), or run a daemon of protocol " + identify.protocolMajor() + ")");
        } else if (identify.protocolMajor() != profile.identity().protocolMajor()) {
            problems.add("profile " + profile.id() + " expects protocol major " + profile.identity().protocolMajor()
                    + ", the device speaks " + identify.protocolMajor());
        }
        if (!identify.boardId().equals(profile.identity().firmwareBoard())) {
            problems.add("board id: profile " + profile.id() + " expects '" + profile.identity().firmwareBoard()
                    + "', the device is '" + identify.boardId() + "'");
        }
        if (identify.maxLeaseMillis() == 0) {
            problems.add("the device reports a maximum lease of 0 ms");
        }
        problems.addAll(ProfileWire.differences(profile, identify.capabilities()));
        return problems;
    }
}
