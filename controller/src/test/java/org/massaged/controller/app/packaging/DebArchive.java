package org.massaged.controller.app.packaging;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads a .deb without dpkg: an ar archive holding control.tar.gz and data.tar.gz. Enough of ar and ustar/GNU
 * tar to list entries with their mode and owner, and to read small files.
 */
record DebArchive(Map<String, Entry> control, Map<String, Entry> data) {

    record Entry(String path, int mode, String owner, String group, boolean directory, byte[] content) {
        String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    static DebArchive read(Path deb) throws IOException {
        Map<String, byte[]> members = ar(Files.readAllBytes(deb));
        if (!new String(members.get("debian-binary"), StandardCharsets.US_ASCII).equals("2.0\n")) {
            throw new IOException("not a Debian 2.0 package");
        }
        return new DebArchive(tar(members.get("control.tar.gz")), tar(members.get("data.tar.gz")));
    }

    private static Map<String, byte[]> ar(byte[] bytes) throws IOException {
        if (!new String(bytes, 0, 8, StandardCharsets.US_ASCII).equals("!<arch>\n")) {
            throw new IOException("not an ar archive");
        }
        Map<String, byte[]> members = new LinkedHashMap<>();
        int at = 8;
        while (at + 60 <= bytes.length) {
            String name = new String(bytes, at, 16, StandardCharsets.US_ASCII).trim();
            if (name.endsWith("/")) {
                name = name.substring(0, name.length() - 1);
            }
            int size = Integer.parseInt(new String(bytes, at + 48, 10, StandardCharsets.US_ASCII).trim());
            byte[] content = new byte[size];
            System.arraycopy(bytes, at + 60, content, 0, size);
            members.put(name, content);
            at += 60 + size + (size % 2);
        }
        return members;
    }

    private static Map<String, Entry> tar(byte[] gzipped) throws IOException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        try (InputStream in = new DataInputStream(new GZIPInputStream(new ByteArrayInputStream(gzipped)))) {
            byte[] header = new byte[512];
            String longName = null;
            while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
                String name = field(header, 0, 100);
                String prefix = field(header, 345, 155);
                int mode = Integer.parseInt(field(header, 100, 8).trim(), 8);
                long size = Long.parseLong(field(header, 124, 12).trim(), 8);
                char type = (char) header[156];
                String owner = field(header, 265, 32);
                String group = field(header, 297, 32);
                byte[] content = in.readNBytes((int) size);
                in.readNBytes((int) ((512 - size % 512) % 512));
                if (type == 'L') {
                    longName = new String(content, StandardCharsets.UTF_8).replace("\0", "");
                    continue;
                }
                String path = longName != null ? longName : (prefix.isEmpty() ? name : prefix + "/" + name);
                longName = null;
                path = path.startsWith("./") ? path.substring(1) : path;
                boolean directory = type == '5' || path.endsWith("/");
                entries.put(path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path,
                        new Entry(path, mode, owner, group, directory, content));
            }
        }
        return entries;
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }
}
