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
        decoder.idle();
        decoder.feed(good);
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
        assertThatThrownBy(() -> MessageCodec.decode(new Frame(0x10, 1, 0, 0x21, new byte[] {0x55, 0, 0, 0, 0})))
                .hasMessageContaining("unknown fault code 85");
    }

    private static byte[] heartbeat() {
        return MessageCodec.frame(new Message.Heartbeat(1000), 0, 1).encode();
    }
}
