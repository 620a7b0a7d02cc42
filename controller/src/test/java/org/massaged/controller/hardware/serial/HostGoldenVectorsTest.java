package org.massaged.controller.hardware.serial;

import org.massaged.device.profile.SerialTestProfiles;
import org.massaged.device.protocol.GoldenVectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.massaged.controller.hardware.DeviceEvent;
import org.massaged.controller.hardware.DeviceException;
import org.massaged.controller.safety.Readings;
import org.massaged.controller.safety.Setpoints;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.protocol.Frame;
import org.massaged.device.protocol.FrameDecoder;
import org.massaged.device.protocol.Message;
import org.massaged.device.protocol.MessageCodec;
import org.massaged.device.protocol.ProfileWire;
import org.junit.jupiter.api.Test;

/** The daemon side of the golden vectors in docs/protocol.md. */
class HostGoldenVectorsTest {
    private final Map<String, byte[]> spec = GoldenVectors.fromSpec();
    private final DeviceProfile profile = SerialTestProfiles.bodyMassager(Optional.empty());

    @Test
    void writesExactlyTheGoldenConfigureAndSetpointsToABoard() throws Exception {
        List<DeviceEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ScriptedBoard board = new ScriptedBoard(profile)) {
            LinkDevice device = LinkDevice.tcp(profile, "127.0.0.1", board.port());
            device.open(events::add);
            device.apply(new Setpoints(Map.of("back", 500), false, 0, 1000));
            await().atMost(Duration.ofSeconds(3)).until(() -> contains(board.received(), spec.get("SETPOINT")));
            device.close();
            String wire = HexFormat.of().formatHex(board.received());
            String expected = hex("CONFIGURE");
            assertThat(wire).contains(expected);
            assertThat(wire.indexOf(hex("SETPOINT-OFF"))).isGreaterThan(wire.indexOf(expected));
            assertThat(wire.indexOf(hex("SETPOINT"))).isGreaterThan(wire.indexOf(hex("SETPOINT-OFF")));
        }
        assertThat(events).anyMatch(DeviceEvent.LinkUp.class::isInstance);
    }

    @Test
    void understandsTheBoardsGoldenFrames() throws Exception {
        List<Frame> frames = new java.util.ArrayList<>();
        FrameDecoder decoder = new FrameDecoder(frames::add);
        for (String name : List.of("IDENTIFY", "STATUS", "FAULT", "BOOT", "ACK")) {
            decoder.feed(spec.get(name));
        }
        assertThat(frames).hasSize(5);
        Message.Identify identify = (Message.Identify) MessageCodec.decode(frames.get(0));
        assertThat(identify.boardId()).isEqualTo(profile.identity().firmwareBoard());
        assertThat(ProfileWire.differences(profile, identify.capabilities())).isEmpty();

        Readings readings = new StatusReadings(profile).readings((Message.Status) MessageCodec.decode(frames.get(1)));
        assertThat(readings.zoneSteps()).containsEntry("back", 500);
        assertThat(readings.occupied()).isEmpty();

        Message.Fault fault = (Message.Fault) MessageCodec.decode(frames.get(2));
        assertThat(fault.code().name()).isEqualTo("LEASE_EXPIRED");
        assertThat(((Message.Boot) MessageCodec.decode(frames.get(3))).bootId()).isEqualTo(0xCAFEF00DL);
    }

    @Test
    void refusesABoardWhoseCapabilitiesDifferSayingWhat() throws Exception {
        DeviceProfile lumbar = SerialTestProfiles.lumbarDuo(Optional.empty());
        try (ScriptedBoard board = new ScriptedBoard(lumbar)) {
            board.identifyAs(new Message.Identify(2, 0, "fw", "massaged-ld2", 7, 0, 1000, 900,
                    ProfileWire.capabilities(profile)));
            LinkDevice device = LinkDevice.tcp(lumbar, "127.0.0.1", board.port());
            assertThatThrownBy(() -> device.open(event -> { }))
                    .isInstanceOf(DeviceException.class)
                    .hasMessageContaining("refusing the device")
                    .hasMessageContaining("zones: profile has [lumbar-left(1000 steps), lumbar-right(1000 steps), "
                            + "spine(1000 steps)], device reports [back(1000 steps)]")
                    .hasMessageContaining("heater: profile has one, device has none")
                    .hasMessageContaining("occupancy sensor");
        }
    }

    @Test
    void refusesAMajorVersionMismatch() throws Exception {
        try (ScriptedBoard board = new ScriptedBoard(profile)) {
            board.identifyAs(new Message.Identify(3, 4, "fw-3", "massaged-bm1", 7, 0, 1000, 900,
                    ProfileWire.capabilities(profile)));
            LinkDevice device = LinkDevice.tcp(profile, "127.0.0.1", board.port());
            assertThatThrownBy(() -> device.open(event -> { }))
                    .isInstanceOf(DeviceException.class)
                    .hasMessageContaining("the device speaks protocol 3.4, this daemon speaks 2.0")
                    .hasMessageContaining("flash firmware of protocol 2");
        }
    }

    @Test
    void refusesAnotherBoard() throws Exception {
        try (ScriptedBoard board = new ScriptedBoard(profile)) {
            board.identifyAs(new Message.Identify(2, 0, "fw", "someone-elses-board", 7, 0, 1000, 900,
                    ProfileWire.capabilities(profile)));
            LinkDevice device = LinkDevice.tcp(profile, "127.0.0.1", board.port());
            assertThatThrownBy(() -> device.open(event -> { }))
                    .hasMessageContaining("board id: profile body-massager-serial expects 'massaged-bm1', "
                            + "the device is 'someone-elses-board'");
        }
    }

    @Test
    void saysNothingListensWhenThereIsNoBoard() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        LinkDevice device = LinkDevice.tcp(profile, "127.0.0.1", port);
        assertThatThrownBy(() -> device.open(event -> { }))
                .isInstanceOf(DeviceException.class).hasMessageContaining("nothing listens at tcp://127.0.0.1:" + port);
    }

    private String hex(String name) {
        return HexFormat.of().formatHex(spec.get(name));
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        return HexFormat.of().formatHex(haystack).contains(HexFormat.of().formatHex(needle));
    }
}
