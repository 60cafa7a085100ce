package dev.aigate.app;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.util.Collections;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** AIGATE_BIND_ADDRESS (application.yml maps it to micronaut.server.host) keeps the server to one address. */
@MicronautTest
@Property(name = "AIGATE_BIND_ADDRESS", value = "127.0.0.1")
@Property(name = "aigate.data-dir", value = "target/bind-address-test-data")
class BindAddressTest {

    @Inject
    EmbeddedServer server;

    @Test
    void theServerListensOnlyOnTheBindAddress() throws Exception {
        assertEquals("127.0.0.1", server.getHost());
        try (Socket loopback = new Socket()) {
            loopback.connect(new InetSocketAddress("127.0.0.1", server.getPort()), 2000); // answers
        }
        Optional<InetAddress> other = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(n -> {
                    try {
                        return n.isUp() && !n.isLoopback();
                    } catch (java.net.SocketException e) {
                        return false;
                    }
                })
                .flatMap(n -> Collections.list(n.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address).findFirst();
        if (other.isPresent()) {
            assertThrows(ConnectException.class, () -> {
                try (Socket outside = new Socket()) {
                    outside.connect(new InetSocketAddress(other.get(), server.getPort()), 2000);
                }
            }, "not reachable on " + other.get());
        }
    }
}
