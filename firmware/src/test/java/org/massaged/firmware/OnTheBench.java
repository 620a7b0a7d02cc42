package org.massaged.firmware;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** Tests that each put one chair on the bench ({@link NanoRig}), in a directory of their own; closed after each. */
abstract class OnTheBench {

    @TempDir
    Path directory;

    NanoRig rig;

    @AfterEach
    void closeRig() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }
}
