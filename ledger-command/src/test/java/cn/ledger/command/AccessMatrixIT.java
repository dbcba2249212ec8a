package cn.ledger.command;

import static cn.ledger.security.Role.ASSESSOR;
import static cn.ledger.security.Role.DISCIPLINE_OFFICER;
import static cn.ledger.security.Role.RANKING_SERVICE;
import static cn.ledger.security.Role.RECORDER;
import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import cn.ledger.security.Caller;
import cn.ledger.security.Role;
import cn.ledger.security.testing.EndpointMatrix;
import cn.ledger.security.testing.EndpointMatrix.Endpoint;
import cn.ledger.security.testing.EndpointMatrix.Response;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every endpoint of ledger-command, found from the controllers, against the table below: without a
 * token 401, with a role the table does not list 403, with a listed role but a unit (or cadre)
 * outside the caller's scope 403, with a listed role in scope neither 401 nor 403. An endpoint
 * missing from the table fails the test. Every refusal is problem+json and appends nothing.
 */
class AccessMatrixIT extends CommandServiceIT {

    /** Who may call what, and a valid body naming the unit {@code {unitId}} (for the register endpoints). */
    record Rule(Set<Role> roles, boolean self, String body) {
        static Rule of(String body, Role... roles) {
            return new Rule(Set.of(roles), false, body);
        }
    }

    static final String DATE = "\"effectiveDate\":\"2023-09-01\"";
    static final String REASON = "{\"reason\":\"核查\"," + DATE + "}";

    static final Map<String, Rule> RULES = Map.ofEntries(
            entry("POST /api/v1/units", Rule.of("{\"name\":\"新单位\",\"category\":\"STREET_OFFICE\","
                    + "\"parentUnitId\":\"{unitId}\"," + DATE + "}", RECORDER)),
            entry("POST /api/v1/units/{unitId}/renaming", Rule.of("{\"name\":\"新名\"," + DATE + "}", RECORDER)),
            entry("POST /api/v1/units/{unitId}/closure", Rule.of(REASON, RECORDER)),
            entry("POST /api/v1/units/{unitId}/cards", Rule.of("{\"aspect\":\"经济运行\",\"quarter\":\"2023-Q3\","
                    + "\"colour\":\"BLUE\"," + DATE + "}", ASSESSOR)),
            entry("POST /api/v1/units/{unitId}/assignments", Rule.of("{\"kind\":\"WEEKLY\",\"title\":\"交办\","
                    + "\"dueDate\":\"2023-09-08\"," + DATE + "}", ASSESSOR)),
            entry("POST /api/v1/units/{unitId}/assignments/{assignmentId}/completion",
                    Rule.of("{" + DATE + "}", ASSESSOR)),
            entry("POST /api/v1/units/{unitId}/evaluations", Rule.of("{\"month\":\"2023-08\",\"score\":90,"
                    + "\"assessor\":\"考核办\"," + DATE + "}", ASSESSOR)),
            entry("POST /api/v1/units/{unitId}/accountability-procedures", Rule.of("{\"month\":\"2023-08\","
                    + "\"reason\":\"连续末位\"," + DATE + "}", ASSESSOR, RANKING_SERVICE)),
            entry("POST /api/v1/units/{unitId}/records/{recordId}/revocation", Rule.of(REASON, ASSESSOR)),
            entry("POST /api/v1/cadres", Rule.of("{\"name\":\"干部\",\"unitId\":\"{unitId}\",\"post\":\"科员\","
                    + "\"postLevel\":\"乡科副\",\"postSince\":\"2020-01-01\",\"rank\":\"一级科员\",\"rankSince\":\"2020-01-01\","
                    + "\"workStartDate\":\"2010-01-01\",\"grassrootsYears\":1," + DATE + "}", RECORDER)),
            entry("POST /api/v1/cadres/{cadreId}/appointments", Rule.of("{\"post\":\"科长\",\"postLevel\":\"乡科正\","
                    + DATE + "}", RECORDER)),
            entry("POST /api/v1/cadres/{cadreId}/rank-changes", Rule.of("{\"rank\":\"四级主任科员\"," + DATE + "}",
                    RECORDER)),
            entry("POST /api/v1/cadres/{cadreId}/transfers", Rule.of("{\"toUnitId\":\"{unitId}\"," + DATE + "}",
                    RECORDER)),
            entry("POST /api/v1/cadres/{cadreId}/entries", Rule.of("{\"polarity\":\"POSITIVE\",\"aspect\":\"经济运行\","
                    + "\"points\":1,\"summary\":\"完成\"," + DATE + "}", RECORDER)),
            entry("POST /api/v1/cadres/{cadreId}/entries/{entryId}/amendment", Rule.of("{\"aspect\":\"经济运行\","
                    + "\"points\":1,\"summary\":\"完成\",\"reason\":\"更正\"," + DATE + "}", RECORDER)),
            entry("POST /api/v1/cadres/{cadreId}/entries/{entryId}/revocation", Rule.of(REASON, RECORDER)),
            entry("POST /api/v1/cadres/{cadreId}/entries/{entryId}/toleration",
                    Rule.of(REASON, RECORDER, DISCIPLINE_OFFICER)),
            entry("POST /api/v1/cadres/{cadreId}/records/{recordId}/revocation",
                    Rule.of(REASON, RECORDER, DISCIPLINE_OFFICER)),
            entry("POST /api/v1/cadres/{cadreId}/interviews", Rule.of("{\"kind\":\"REMINDER\",\"interviewer\":\"组织部\","
                    + "\"reason\":\"提醒\"," + DATE + "}", RECORDER)),
            entry("POST /api/v1/cadres/{cadreId}/sanctions", Rule.of("{\"kind\":\"PARTY_WARNING\",\"decidedBy\":\"纪委\","
                    + "\"reason\":\"违纪\"," + DATE + "}", DISCIPLINE_OFFICER)),
            entry("POST /api/v1/cadres/{cadreId}/investigations", Rule.of("{\"authority\":\"纪委监委\","
                    + "\"reason\":\"举报\"," + DATE + "}", DISCIPLINE_OFFICER)),
            entry("POST /api/v1/cadres/{cadreId}/investigations/{investigationId}/closure",
                    Rule.of("{\"outcome\":\"了结\"," + DATE + "}", DISCIPLINE_OFFICER)),
            entry("POST /api/v1/cadres/{cadreId}/annual-grades", Rule.of("{\"year\":2022,\"grade\":\"COMPETENT\","
                    + DATE + "}", RECORDER)),
            entry("POST /api/v1/cadres/{cadreId}/postings", Rule.of("{\"kind\":\"PETITIONS\",\"description\":\"信访\","
                    + "\"startDate\":\"2023-03-01\"}", RECORDER)),
            entry("POST /api/v1/cadres/{cadreId}/postings/{postingId}/end", Rule.of("{" + DATE + "}", RECORDER)),
            entry("POST /api/v1/cadres/{cadreId}/appeals", new Rule(Set.of(RECORDER, DISCIPLINE_OFFICER), true,
                    "{\"contestedRecordId\":\"x1\",\"stage\":\"REVIEW\",\"reason\":\"不服\"," + DATE + "}")),
            entry("POST /api/v1/cadres/{cadreId}/appeals/{appealId}/decision", Rule.of("{\"outcome\":\"UPHELD\","
                    + "\"reason\":\"维持\"," + DATE + "}", DISCIPLINE_OFFICER)),
            // importing workbooks: the roles that record; each row is then judged with the uploader's scope
            entry("GET /api/v1/imports/**", Rule.of(null, RECORDER, DISCIPLINE_OFFICER)),
            entry("POST /api/v1/imports", Rule.of(null, RECORDER, DISCIPLINE_OFFICER)),
            // reserved: the audit API (read only) and operations
            entry("GET /api/v1/audit/**", Rule.of(null, Role.AUDITOR)),
            entry("GET /api/v1/admin/**", Rule.of(null, Role.ADMIN)),
            entry("POST /api/v1/admin/**", Rule.of(null, Role.ADMIN)),
            // the published contract is public; local mode's demo tokens are public there
            entry("GET /api/v1/contract/**", new Rule(EnumSet.allOf(Role.class), false, null)),
            entry("POST /api/v1/auth/demo-token", new Rule(EnumSet.allOf(Role.class), false, null)));

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;

    String root;
    String inUnit;
    String outUnit;
    String inCadre;
    String outCadre;

    @BeforeEach
    void aScopeAndSomethingOutsideIt() throws Exception {
        String p = UUID.randomUUID().toString().substring(0, 8);
        root = "m-root-" + p;
        inUnit = "m-in-" + p;
        outUnit = "m-out-" + p;
        inCadre = "m-c-in-" + p;
        outCadre = "m-c-out-" + p;
        created(post("/api/v1/units", "{\"unitId\":\"" + root + "\",\"name\":\"区\",\"category\":\"DISTRICT\"," + DATE + "}"));
        created(post("/api/v1/units", "{\"unitId\":\"" + inUnit + "\",\"name\":\"街道\",\"category\":\"STREET_OFFICE\","
                + "\"parentUnitId\":\"" + root + "\"," + DATE + "}"));
        created(post("/api/v1/units", "{\"unitId\":\"" + outUnit + "\",\"name\":\"别区\",\"category\":\"DISTRICT\"," + DATE + "}"));
        for (String[] c : new String[][] {{inCadre, inUnit}, {outCadre, outUnit}}) {
            created(post("/api/v1/cadres", "{\"cadreId\":\"" + c[0] + "\",\"name\":\"干部\",\"unitId\":\"" + c[1]
                    + "\",\"post\":\"科员\",\"postLevel\":\"乡科副\",\"postSince\":\"2020-01-01\",\"rank\":\"一级科员\","
                    + "\"rankSince\":\"2020-01-01\",\"workStartDate\":\"2010-01-01\",\"grassrootsYears\":1,"
                    + "\"effectiveDate\":\"2023-01-01\"}"));
        }
    }

    private static void created(java.net.http.HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    @Test
    void everyEndpointAnswersEachCallerAsTheTableSays() {
        Map<Endpoint, Rule> assigned = EndpointMatrix.assign(EndpointMatrix.endpoints(mapping), RULES);
        List<String> failures = new ArrayList<>();
        for (Map.Entry<Endpoint, Rule> e : assigned.entrySet()) {
            Endpoint endpoint = e.getKey();
            Rule rule = e.getValue();
            boolean open = rule.roles().equals(EnumSet.allOf(Role.class));
            long before = storedEvents();

            String inside = url(EndpointMatrix.fill(endpoint.pattern(), Map.of("unitId", inUnit, "cadreId", inCadre)));
            String outside = url(EndpointMatrix.fill(endpoint.pattern(), Map.of("unitId", outUnit, "cadreId", outCadre)));
            String bodyIn = rule.body() == null ? null : rule.body().replace("{unitId}", inUnit);
            String bodyOut = rule.body() == null ? null : rule.body().replace("{unitId}", outUnit);
            String query = endpoint.pattern().endsWith("demo-token") ? "?user=recorder-anning" : "";

            if (!open) {
                expect(failures, endpoint + " without a token", EndpointMatrix.send(endpoint.method(), inside, null, bodyIn), 401);
                for (Role role : Role.values()) {
                    if (!rule.roles().contains(role)) {
                        expect(failures, endpoint + " as " + role, EndpointMatrix.send(endpoint.method(), inside,
                                tokenFor(role, List.of(Caller.ALL_UNITS), "someone-else"), bodyIn), 403);
                    }
                }
            }
            if (rule.self()) {
                expect(failures, endpoint + " as another cadre", EndpointMatrix.send(endpoint.method(), outside,
                        tokenFor(Role.CADRE, List.of(), inCadre), bodyOut), 403);
            }
            for (Role role : rule.roles()) {
                // the auditor, the operator and the ranking service act for the whole ledger, not within a unit scope
                // an import is not about one unit: the uploader's scope applies to each row (DistrictImportIT)
                boolean scoped = role != RANKING_SERVICE && role != Role.AUDITOR && role != Role.ADMIN
                        && !endpoint.pattern().startsWith("/api/v1/imports");
                if (!open && scoped && (endpoint.pattern().contains("{") || bodyOut != null)) {
                    expect(failures, endpoint + " as " + role + " out of scope", EndpointMatrix.send(endpoint.method(),
                            outside, tokenFor(role, List.of(root), null), bodyOut), 403);
                }
            }
            assertThat(storedEvents()).as("refusals of %s append nothing", endpoint).isEqualTo(before);
            for (Role role : rule.roles()) {
                if (open && role != Role.REVIEWER) {
                    continue;
                }
                allowed(failures, endpoint + " as " + role, EndpointMatrix.send(endpoint.method(), inside + query,
                        tokenFor(role, List.of(root), null), bodyIn));
            }
            if (rule.self()) {
                allowed(failures, endpoint + " as the cadre themself", EndpointMatrix.send(endpoint.method(),
                        inside + query, tokenFor(Role.CADRE, List.of(), inCadre), bodyIn));
            }
            if (open) {
                allowed(failures, endpoint + " without a token", EndpointMatrix.send(endpoint.method(), inside + query, null, bodyIn));
            }
        }
        assertThat(failures).isEmpty();
        assertThat(assigned).hasSizeGreaterThanOrEqualTo(27);
    }

    @Test
    void reservedAndOperationalPathsNeedTheirRole() {
        String audit = url("/api/v1/audit/streams/" + inCadre);
        expect(null, "audit without a token", EndpointMatrix.send("GET", audit, null, null), 401);
        expect(null, "audit as recorder", EndpointMatrix.send("GET", audit, tokenFor(RECORDER, List.of("*"), null), null), 403);
        expect(null, "audit write as auditor", EndpointMatrix.send("POST", audit, tokenFor(Role.AUDITOR, List.of(), null), "{}"), 403);
        expect(null, "admin as recorder", EndpointMatrix.send("POST", url("/api/v1/admin/rebuild"),
                tokenFor(RECORDER, List.of("*"), null), "{}"), 403);
        expect(null, "prometheus without a token", EndpointMatrix.send("GET", url("/actuator/prometheus"), null, null), 401);
        expect(null, "prometheus as reviewer", EndpointMatrix.send("GET", url("/actuator/prometheus"),
                tokenFor(Role.REVIEWER, List.of(), null), null), 403);
        assertThat(EndpointMatrix.send("GET", url("/actuator/prometheus"), tokenFor(Role.ADMIN, List.of(), null), null)
                .status()).isEqualTo(200);
        assertThat(EndpointMatrix.send("GET", url("/actuator/health"), null, null).status()).isEqualTo(200);
        assertThat(cn.ledger.security.testing.OpenApiDocument.violations(url(""), true)).isEmpty();
        assertThat(EndpointMatrix.send("GET", url("/api/v1/nothing-here"), tokenFor(Role.ADMIN, List.of(), null), null)
                .status()).isEqualTo(403);
    }

    @Test
    void theRecorderInTheEventsIsTheTokensSubject() {
        Response answer = EndpointMatrix.send("POST", url("/api/v1/cadres/" + inCadre + "/entries"),
                tokenFor(RECORDER, List.of(root), null), RULES.get("POST /api/v1/cadres/{cadreId}/entries").body());
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        String metadata = new String(jdbc.queryForObject("SELECT meta_data FROM domain_event_entry "
                + "WHERE aggregate_identifier = ? ORDER BY sequence_number DESC LIMIT 1", byte[].class, inCadre));
        assertThat(metadata).contains("\"recordedBy\":\"matrix-" + RECORDER.claim() + "\"");
    }

    private String tokenFor(Role role, List<String> units, String cadre) {
        return token("matrix-" + role.claim(), List.of(role), units, cadre);
    }

    private static void expect(List<String> failures, String what, Response response, int status) {
        boolean ok = response.status() == status && response.isProblem()
                && response.body().contains("urn:ledger:problem:") && !response.body().contains("Exception");
        if (!ok) {
            if (failures == null) {
                throw new AssertionError(what + ": expected " + status + " problem+json, got " + response);
            }
            failures.add(what + ": expected " + status + " problem+json, got " + response);
        }
    }

    private static void allowed(List<String> failures, String what, Response response) {
        if (response.status() == 401 || response.status() == 403 || response.status() >= 500) {
            failures.add(what + ": expected to pass authorisation, got " + response);
        }
    }
}
