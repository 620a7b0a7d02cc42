import org.massaged.device.profile.ProfileCatalogue;
import org.massaged.simulator.mcu.SimulatorOptions;
import org.massaged.simulator.mcu.VirtualMassager;

/**
 * The virtual massager for a built-in profile on a fixed TCP port, in its own JVM, so that the footprint
 * benchmark measures the daemon alone (over its real TCP device path). A single-file program:
 *   java -cp "simulator/target/massaged-sim.jar:simulator/target/lib/*" packaging/bench/BenchMassager.java PROFILE PORT
 */
public class BenchMassager {
    public static void main(String[] args) throws Exception {
        var profile = ProfileCatalogue.builtIn().find(args[0]).orElseThrow();
        var massager = VirtualMassager.start(profile, SimulatorOptions.defaults().withTcpPort(Integer.parseInt(args[1])));
        massager.occupied(true);
        System.out.println("virtual " + profile.id() + " on tcp 127.0.0.1:" + massager.tcpPort());
        Thread.currentThread().join();
    }
}
