package org.massaged.controller.mqtt;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;

/** The bridge against a real Mosquitto process. */
class MosquittoBridgeTest extends BridgeContract {

    @Override
    Broker newBroker(Path directory) throws Exception {
        assumeTrue(MosquittoBroker.installed(), "mosquitto is not installed (apt-get install mosquitto)");
        return new MosquittoBroker(directory);
    }
}
