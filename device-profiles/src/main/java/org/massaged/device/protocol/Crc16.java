package org.massaged.device.protocol;

/**
 * CRC-16/CCITT-FALSE (catalogued as CRC-16/IBM-3740 and CRC-16/AUTOSAR): polynomial 0x1021, initial value
 * 0xFFFF, no input or output reflection, no final XOR. Check value: {@code "123456789"} gives 0x29B1.
 */
public final class Crc16 {
    public static final int POLYNOMIAL = 0x1021;
    public static final int INITIAL = 0xFFFF;
    private static final int[] TABLE = table();

    private Crc16() {}

    public static int compute(byte[] data) {
        return compute(data, 0, data.length);
    }

    public static int compute(byte[] data, int offset, int length) {
        int crc = INITIAL;
        for (int i = offset; i < offset + length; i++) {
            crc = ((crc << 8) ^ TABLE[((crc >>> 8) ^ data[i]) & 0xFF]) & 0xFFFF;
        }
        return crc;
    }

    private static int[] table() {
        int[] table = new int[256];
        for (int b = 0; b < 256; b++) {
            int crc = b << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ POLYNOMIAL : crc << 1;
            }
            table[b] = crc & 0xFFFF;
        }
        return table;
    }
}
