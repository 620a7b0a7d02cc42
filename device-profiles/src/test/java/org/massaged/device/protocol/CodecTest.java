package org.massaged.device.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CodecTest {

    private final List<Frame> frames = new ArrayList<>();
    private final List<FrameError> errors = new ArrayList<>();
    private final FrameDecoder decoder = new FrameDecoder(new FrameDecoder.Listener() {
        @Override
        public void frame(Frame frame) {
            frames.add(frame);
        }

        @Override
        public void rejected(FrameError error) {
            errors.add(error);
        }
    });

    @Test
    void crcIsCcittFalseWithItsCatalogueCheckValue() {
        assertThat(Crc16.compute("123456789".getBytes(StandardCharsets.US_ASCII))).isEqualTo(0x29B1);
        assertThat(Crc16.compute(new byte[0])).isEqualTo(0xFFFF);
        assertThat(Crc16.compute(new byte[] {0x00})).isEqualTo(0xE1F0);
    }

    @Test
    void everyGoldenVectorOfTheSpecEncodesAndDecodesExactly() throws Exception {
        Map<String, byte[]> spec = GoldenVectors.fromSpec();
        Map<String, GoldenMessages.Golden> messages = GoldenMessages.all();
        assertThat(spec.keySet()).containsExactlyInAnyOrderElementsOf(messages.keySet());
        for (var entry : messages.entrySet()) {
            byte[] expected = spec.get(entry.getKey());
            Frame frame = entry.getValue().frame();
            assertThat(HexFormat.of().formatHex(frame.encode())).as(entry.getKey())
                    .isEqualTo(HexFormat.of().formatHex(expected));
            decoder.feed(expected);
            assertThat(frames).last().isEqualTo(frame);
            assertThat(MessageCodec.decode(frames.get(frames.size() - 1))).isEqualTo(entry.getValue().message());
        }
        assertThat(errors).isEmpty();
    }

    @Test
    void garbageBeforeAFrameIsSkippedAndTheFrameFound() {
        byte[] good = heartbeat();
        decoder.feed(new byte[] {0x00, 0x13, 0x7F});
        decoder.feed(good);
        assertThat(frames).hasSize(1);
        assertThat(errors).contains(FrameError.GARBAGE);
    }

    @Test
    void aFalseSyncWithAPlausibleLengthDelaysTheNextFrameOnlyUntilTheLineGoesIdle() {
        decoder.feed(new byte[] {(byte) 0xA5, 0x7F});
        decoder.feed(heartbeat());
        assertThat(frames).isEmpty();
        decoder.idle();
        assertThat(frames).hasSize(1);
        assertThat(errors).contains(FrameError.TRUNCATED);
    }

    @Test
    void aBadCrcIsRejectedAndTheNextFrameStillDecodes() {
        byte[] bad = heartbeat();
        bad[7] ^= 0x01;
        decoder.feed(bad);
        decoder.feed(heartbeat());
        assertThat(frames).hasSize(1);
        assertThat(errors).contains(FrameError.BAD_CRC);
    }

    @Test
    void anOversizeLengthIsRejected() {
        decoder.feed(new byte[] {(byte) 0xA5, (byte) 0xF1, 0x10, 0, 0, 0x11});
        decoder.feed(heartbeat());
        assertThat(frames).hasSize(1);
        assertThat(errors).contains(FrameError.OVERSIZE);
    }

    @Test
    void aFrameCutShortIsRejectedWhenTheLineGoesIdle() {
        byte[] good = heartbeat();
        decoder.feed(good, 0, 5);
        assertThat(decoder.midFrame()).as("five bytes of a frame held").isTrue();
        decoder.idle();
        assertThat(decoder.midFrame()).isFalse();
        decoder.feed(good);
        assertThat(decoder.midFrame()).as("a whole frame leaves nothing held").isFalse();
        assertThat(frames).hasSize(1);
        assertThat(errors).contains(FrameError.TRUNCATED);
    }

    @Test
    void aFrameCutShortByTheNextFrameLosesOnlyItself() {
        byte[] good = heartbeat();
        decoder.feed(good, 0, 5);
        decoder.feed(good);
        decoder.feed(good);
        assertThat(frames).hasSize(2);
    }

    @Test
    void unknownTypesAndBadPayloadsAreRejectedByTheMessageLayer() {
        assertThatThrownBy(() -> MessageCodec.decode(new Frame(0x10, 0, 0, 0x7E, new byte[0])))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("unknown frame type 0x7E")
                .extracting(e -> ((ProtocolException) e).error()).isEqualTo(FrameError.UNKNOWN_TYPE);
        assertThatThrownBy(() -> MessageCodec.decode(new Frame(0x10, 0, 0, 0x11, new byte[] {1})))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("HEARTBEAT payload")
                .extracting(e -> ((ProtocolException) e).error()).isEqualTo(FrameError.BAD_PAYLOAD);
        assertThatThrownBy(() -> MessageCodec.decode(new Frame(0x10, 0, 0, 0x11, new byte[] {1, 2, 3})))
                .hasMessageContaining("left over");
        assertThatThrownBy(() -> MessageCodec.decode(new Frame(0x10, 1, 0, 0x10, new byte[] {3, (byte) 0xE8, 2, 0, 0, 0})))
                .hasMessageContaining("flag byte 2");
    }

    @Test
    void anUnknownFaultCodeIsStillAFaultNamedByItsCode() throws Exception {
        Message fault = MessageCodec.decode(new Frame(0x20, 1, 0, 0x21, new byte[] {0x55, (byte) 0xFF, 0, 7, 0}));
        assertThat(fault).isEqualTo(new Message.Fault(FaultCode.of(0x55), Message.Fault.NO_INDEX, 7, ""));
        assertThat(((Message.Fault) fault).code().name()).isEqualTo("UNKNOWN_0x55");
        assertThat(((Message.Fault) fault).code().isFault()).isTrue();
        assertThat(((Message.Fault) fault).code().isKnown()).isFalse();
        Message.Status status = status(FaultCode.of(0xC3));
        Frame frame = MessageCodec.frame(status, 0, 0);
        assertThat(((Message.Status) MessageCodec.decode(frame)).fault().name()).isEqualTo("UNKNOWN_0xC3");
        assertThat(FaultCode.of(0x0A)).isSameAs(FaultCode.SENSOR_FAULT);
        assertThat(FaultCode.SENSOR_FAULT.name()).isEqualTo("SENSOR_FAULT");
    }

    @Test
    void fieldsANewerMinorAppendsAreSkippedButFromTheSameMinorTheyAreABadPayload() throws Exception {
        byte[] payload = MessageCodec.encode(status(FaultCode.NONE));
        byte[] longer = java.util.Arrays.copyOf(payload, payload.length + 3);
        Frame newer = new Frame(ProtocolVersion.versionByte(ProtocolVersion.MAJOR, ProtocolVersion.MINOR + 1), 0, 0,
                MessageType.STATUS.code(), longer);
        assertThat(MessageCodec.decode(newer)).isEqualTo(status(FaultCode.NONE));
        Frame same = new Frame(ProtocolVersion.BYTE, 0, 0, MessageType.STATUS.code(), longer);
        assertThatThrownBy(() -> MessageCodec.decode(same)).hasMessageContaining("3 bytes left over");
        Frame setpoint = new Frame(ProtocolVersion.versionByte(ProtocolVersion.MAJOR, ProtocolVersion.MINOR + 1), 1,
                0, MessageType.SETPOINT.code(), new byte[] {3, (byte) 0xE8, 0, 0, 0, 1, 0, 0, 9});
        assertThatThrownBy(() -> MessageCodec.decode(setpoint)).as("a minor never extends a host → MCU message")
                .hasMessageContaining("left over");
    }

    @Test
    void theEmergencyStopInputBitTravelsInStatus() throws Exception {
        Message.Status open = new Message.Status(1, 2, true, true, true, false, false, false, true,
                FaultCode.EMERGENCY_STOP, 0, 0, 0, 0, List.of(), List.of());
        byte[] payload = MessageCodec.encode(open);
        assertThat(payload[8]).isEqualTo((byte) 0b0100_0111);
        assertThat(MessageCodec.decode(MessageType.STATUS, payload)).isEqualTo(open);
    }

    private static Message.Status status(FaultCode fault) {
        return new Message.Status(0xCAFEF00DL, 1, true, fault.isFault(), false, false, false, false, false, fault,
                0x6A21, 0, 0, 0, List.of(new Message.ZoneStatus(1, 2, 3)), List.of(3650));
    }

    private static byte[] heartbeat() {
        return MessageCodec.frame(new Message.Heartbeat(1000), 0, 1).encode();
    }
}
