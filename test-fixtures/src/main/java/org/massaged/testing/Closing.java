package org.massaged.testing;

/** What a test opened, closed in the order given after it: those never opened (null) are passed over. */
public final class Closing {

    private Closing() {}

    /** Closes each in turn, every one even if one fails; the first failure is thrown, the others added to it. */
    public static void all(AutoCloseable... opened) throws Exception {
        Exception first = null;
        for (AutoCloseable closeable : opened) {
            if (closeable == null) {
                continue;
            }
            try {
                closeable.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
