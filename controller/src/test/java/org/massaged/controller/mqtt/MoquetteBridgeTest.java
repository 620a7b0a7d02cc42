package org.massaged.controller.mqtt;

import java.nio.file.Path;
import org.massaged.testing.Moquette;
import org.massaged.testing.Broker;

/** The bridge against the embedded Moquette broker. */
class MoquetteBridgeTest extends BridgeContract {

    @Override
    Broker newBroker(Path directory) throws Exception {
        return new Moquette(directory);
    }
}
