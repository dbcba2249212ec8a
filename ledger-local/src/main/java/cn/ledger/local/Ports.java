package cn.ledger.local;

import cn.ledger.local.LocalLedger.PortSetting;
import cn.ledger.local.LocalLedger.UsageError;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The launcher's ports: read from the environment, and each checked free before anything starts. */
final class Ports {

    private Ports() {}

    /**
     * The port of each setting ({@code variable} from {@code env}, else its default), each checked free
     * on all interfaces and on the loopback; the first that is not ends the run with one line naming the
     * port and the variable to set.
     */
    static Map<PortSetting, Integer> resolve(List<PortSetting> settings, Map<String, String> env) {
        Map<PortSetting, Integer> ports = new LinkedHashMap<>();
        Map<Integer, PortSetting> taken = new HashMap<>();
        for (PortSetting s : settings) {
            int port = parse(s, env.get(s.variable()));
            PortSetting other = taken.putIfAbsent(port, s);
            if (other != null) {
                throw new UsageError(other.variable() + " and " + s.variable() + " are both " + port
                        + ": give each its own port");
            }
            ports.put(s, port);
        }
        for (Map.Entry<PortSetting, Integer> e : ports.entrySet()) {
            if (!isFree(e.getValue())) {
                PortSetting s = e.getKey();
                throw new UsageError("port " + e.getValue() + " (" + s.what() + ") is in use: stop what listens there,"
                        + " or set " + s.variable() + " to a free port, e.g. " + s.variable() + "="
                        + (e.getValue() + 10000 <= 65535 ? e.getValue() + 10000 : e.getValue() - 10000) + " ./run-local.sh");
            }
        }
        return ports;
    }

    private static int parse(PortSetting s, String value) {
        if (value == null || value.isBlank()) {
            return s.defaultPort();
        }
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new UsageError(s.variable() + "=" + value + " is not a port (1-65535)");
    }

    /** Whether nothing listens on {@code port}: a server could bind it on every interface and on the loopback. */
    static boolean isFree(int port) {
        return canBind(new InetSocketAddress(port)) && canBind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    private static boolean canBind(InetSocketAddress address) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(address);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
