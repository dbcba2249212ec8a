package cn.ledger.ranking;

import cn.ledger.contract.LedgerEnvelope;
import cn.ledger.contract.event.AccountabilityProcedureOpened;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stands in for ledger-command's accountability endpoint over real HTTP, with its rule (one procedure
 * per unit and month, a second request answered 409) and, when a procedure opens, the event it would
 * publish. It can be told to fail with 503 first.
 */
final class FakeLedgerCommand implements AutoCloseable {

    record Request(String unitId, String month, String user, String idempotencyKey, int status) {}

    private static final Pattern PATH = Pattern.compile("/api/v1/units/([^/]+)/accountability-procedures");
    private static final ObjectMapper JSON = new ObjectMapper();

    final List<Request> requests = new CopyOnWriteArrayList<>();
    final Set<String> opened = ConcurrentHashMap.newKeySet();
    final AtomicInteger failuresToGive = new AtomicInteger();
    private final HttpServer server;
    private volatile Consumer<LedgerEnvelope> publisher = e -> {};

    FakeLedgerCommand() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void publishWith(Consumer<LedgerEnvelope> publisher) {
        this.publisher = publisher;
    }

    private void handle(HttpExchange exchange) throws IOException {
        Matcher m = PATH.matcher(exchange.getRequestURI().getPath());
        if (!"POST".equals(exchange.getRequestMethod()) || !m.matches()) {
            answer(exchange, 404, "{}");
            return;
        }
        String unitId = m.group(1);
        JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
        String month = body.path("month").asText();
        String user = subjectOf(exchange.getRequestHeaders().getFirst("Authorization"));
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        int status;
        String response;
        if (failuresToGive.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            status = 503;
            response = "{\"type\":\"urn:ledger:problem:unavailable\",\"detail\":\"database unavailable\"}";
        } else if (!opened.add(unitId + "/" + month)) {
            status = 409;
            response = "{\"type\":\"urn:ledger:problem:conflict\",\"detail\":\"an accountability procedure for "
                    + month + " is already open\"}";
        } else {
            status = 201;
            String procedureId = UUID.randomUUID().toString();
            publisher.accept(new LedgerEnvelope(UUID.randomUUID().toString(), "Unit", unitId, 1000 + opened.size(),
                    java.time.Instant.now(), user, key, new AccountabilityProcedureOpened(unitId, procedureId, month,
                            body.path("reason").asText(), LocalDate.parse(body.path("effectiveDate").asText()))));
            response = "{\"id\":\"" + procedureId + "\",\"streamId\":\"" + unitId + "\",\"sequenceNumber\":1}";
        }
        requests.add(new Request(unitId, month, user, key, status));
        answer(exchange, status, response);
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type",
                status >= 400 ? "application/problem+json" : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** The subject of a bearer token (its signature is ledger-command's business, not the fake's). */
    static String subjectOf(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return null;
        }
        String[] parts = authorization.substring(7).split("\\.");
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(java.util.Base64.getUrlDecoder()
                    .decode(parts[1])).path("sub").asText(null);
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }
}
