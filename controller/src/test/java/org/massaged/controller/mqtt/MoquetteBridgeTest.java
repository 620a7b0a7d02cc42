package org.massaged.controller.mqtt;

import java.nio.file.Path;

/** The bridge against the embedded Moquette broker. */
class MoquetteBridgeTest extends BridgeContract {

    @Override
    Broker newBroker(Path directory) throws Exception {
        return new MoquetteBroker(directory);
    }
}
