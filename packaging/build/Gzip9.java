import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * {@code gzip -9n} for the Debian package's changelog and man page, with nothing but the JDK (the build needs no
 * other tool): best compression marked in the header, no name and no time stamp, so the package is reproducible.
 * Run as a source-file program: {@code java Gzip9.java IN OUT [IN OUT ...]}.
 */
public final class Gzip9 {

    private Gzip9() {}

    public static void main(String[] args) throws IOException {
        if (args.length == 0 || args.length % 2 != 0) {
            throw new IllegalArgumentException("usage: java Gzip9.java IN OUT [IN OUT ...]");
        }
        for (int i = 0; i < args.length; i += 2) {
            Path out = Path.of(args[i + 1]);
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.write(out, gzip(Files.readAllBytes(Path.of(args[i]))));
        }
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // magic, deflate, no flags, time stamp 0, extra flags 2 (best compression), OS 3 (Unix)
        out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 2, 3});
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(data);
        deflater.finish();
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        CRC32 crc = new CRC32();
        crc.update(data);
        littleEndian(out, crc.getValue());
        littleEndian(out, data.length & 0xffffffffL);
        return out.toByteArray();
    }

    private static void littleEndian(ByteArrayOutputStream out, long value) {
        for (int shift = 0; shift < 32; shift += 8) {
            out.write((int) (value >>> shift) & 0xff);
        }
    }
}
