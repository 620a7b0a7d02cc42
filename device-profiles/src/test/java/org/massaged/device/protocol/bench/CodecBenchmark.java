package org.massaged.device.protocol.bench;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.massaged.device.protocol.FaultCode;
import org.massaged.device.protocol.FrameDecoder;
import org.massaged.device.protocol.Message;
import org.massaged.device.protocol.MessageCodec;
import org.massaged.device.protocol.ProtocolException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Frame codec throughput: encoding a two-zone SETPOINT, and decoding a stream of STATUS frames (the largest
 * regular frame) through the resynchronising decoder and the message layer. Run with
 * {@code java -cp <test classpath> org.openjdk.jmh.Main CodecBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {
    private static final int FRAMES_PER_STREAM = 100;

    private Message.Setpoint setpoint;
    private byte[] statusStream;
    private FrameDecoder decoder;
    private Blackhole sink;

    @Setup
    public void setUp(Blackhole blackhole) {
        setpoint = new Message.Setpoint(1000, true, 3800, List.of(600, 600, 0));
        Message.Status status = new Message.Status(0xCAFEF00DL, 123_456, true, false, false, true, true, true, false,
                FaultCode.NONE, 0xBEEF, 750, 3, 7, List.of(new Message.ZoneStatus(600, 1800, 640),
                new Message.ZoneStatus(600, 1790, 650), new Message.ZoneStatus(0, 0, 0)), List.of(3712));
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = 0; i < FRAMES_PER_STREAM; i++) {
            stream.writeBytes(MessageCodec.frame(status, 0, i % 255 + 1).encode());
        }
        statusStream = stream.toByteArray();
        sink = blackhole;
        decoder = new FrameDecoder(frame -> {
            try {
                sink.consume(MessageCodec.decode(frame));
            } catch (ProtocolException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** One SETPOINT message to bytes on the wire. */
    @Benchmark
    public byte[] encodeSetpoint() {
        return MessageCodec.frame(setpoint, 7, 3).encode();
    }

    /** 100 STATUS frames (4.9 kB) from bytes to messages. */
    @Benchmark
    public long decodeStatusStream() {
        decoder.feed(statusStream);
        return decoder.accepted();
    }

    /** The CRC alone over one 49-byte STATUS frame. */
    @Benchmark
    public int crcOfStatusFrame() {
        return org.massaged.device.protocol.Crc16.compute(statusStream, 1, 47);
    }
}
