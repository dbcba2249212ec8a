package cn.ledger.bench;

import static cn.ledger.local.LedgerClient.q;

import cn.ledger.local.LedgerClient;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A realistic district, loaded through the command API: one district over street offices and
 * departments, cadres spread over them, and for each cadre and unit a mix of every record kind —
 * entries of both signs (some revoked, some tolerated), interviews of every kind, annual grades,
 * frontline postings, sanctions of several kinds, investigations opened and closed, appeals and their
 * decisions; per unit cards for two quarters, monthly evaluation scores, weekly assignments and their
 * completion. Deterministic for a given size.
 */
public final class District {

    static final String ROOT = "b-district";
    static final String[] ASPECTS = {"经济运行", "项目双进", "平安建设", "基层党建", "优化营商环境", "黄河流域生态保护",
            "民生保障", "城市管理", "作风建设"};
    private static final String[] INTERVIEWS = {"REMINDER", "REMINDER", "FORMAL_TALK", "ADMONISHMENT"};
    private static final String[] SANCTIONS = {"PARTY_WARNING", "GOVERNMENT_WARNING", "GOVERNMENT_DEMERIT",
            "ORGANISATIONAL_ADMONISHMENT", "PARTY_SERIOUS_WARNING"};
    private static final String[] FRONTLINE = {"SUPERVISION", "STABILITY", "PETITIONS", "POVERTY_ALLEVIATION",
            "INVESTMENT_PROMOTION", "MAJOR_PROJECTS"};
    private static final String[] COLOURS = {"BLUE", "BLUE", "BLUE", "YELLOW", "RED"};

    private final LedgerClient client;
    private final String command;
    private final int unitCount;
    private final int cadreCount;
    private final AtomicLong commands = new AtomicLong();
    private final List<String> units = new ArrayList<>();
    private final List<String> cadres = new ArrayList<>();

    public District(LedgerClient client, String commandBaseUrl, int unitCount, int cadreCount) {
        this.client = client;
        this.command = commandBaseUrl + "/api/v1";
        this.unitCount = Math.max(3, unitCount);
        this.cadreCount = cadreCount;
    }

    public List<String> units() {
        return units;
    }

    public List<String> cadres() {
        return cadres;
    }

    /** Commands answered 201 while loading (= events appended). */
    public long commands() {
        return commands.get();
    }

    public static String cadreId(int i) {
        return String.format("b-c-%05d", i);
    }

    /** Loads everything with {@code clients} concurrent clients (each stream's records in order). */
    public void load(int clients) {
        post("/units", "{\"unitId\":\"" + ROOT + "\",\"name\":\"基准区\",\"category\":\"DISTRICT\","
                + "\"parentUnitId\":null,\"effectiveDate\":\"2023-01-01\"}");
        units.add(ROOT);
        int offices = Math.max(1, (unitCount - 1) / 4);
        List<String> children = new ArrayList<>();
        for (int i = 1; i < unitCount; i++) {
            children.add(i <= offices ? String.format("b-so-%03d", i) : String.format("b-dept-%03d", i));
        }
        units.addAll(children);
        parallel(clients, children.size(), i -> {
            String id = children.get(i);
            boolean office = id.startsWith("b-so-");
            post("/units", "{\"unitId\":" + q(id) + ",\"name\":" + q((office ? "街道办事处" : "区直部门") + (i + 1))
                    + ",\"category\":" + q(office ? "STREET_OFFICE" : "DISTRICT_DEPARTMENT") + ",\"parentUnitId\":\""
                    + ROOT + "\",\"effectiveDate\":\"2023-01-01\"}");
        });
        for (int i = 0; i < cadreCount; i++) {
            cadres.add(cadreId(i));
        }
        parallel(clients, cadreCount, i -> registerCadre(cadres.get(i), children.get(i % children.size()), i));
        parallel(clients, children.size(), i -> unitRecords(children.get(i), new Random(1000 + i)));
        parallel(clients, cadreCount, i -> cadreRecords(cadres.get(i), new Random(i)));
    }

    /** Registers one cadre in a unit; {@code i} varies the master data. */
    public void registerCadre(String id, String unit, int i) {
        String[] levels = {"乡科副", "乡科正", "县处副"};
        String[] ranks = {"一级科员", "四级主任科员", "三级主任科员", "二级主任科员", "一级主任科员"};
        LocalDate since = LocalDate.of(2018 + i % 5, 1 + i % 12, 1);
        post("/cadres", "{\"cadreId\":" + q(id) + ",\"name\":" + q("干部" + i) + ",\"unitId\":" + q(unit)
                + ",\"post\":\"科长\",\"postLevel\":" + q(levels[i % levels.length]) + ",\"postSince\":" + q(since.toString())
                + ",\"rank\":" + q(ranks[i % ranks.length]) + ",\"rankSince\":" + q(since.toString())
                + ",\"workStartDate\":" + q(LocalDate.of(2000 + i % 15, 7, 1).toString()) + ",\"grassrootsYears\":"
                + (i % 8) + ",\"education\":\"大学\",\"effectiveDate\":\"2023-01-01\"}");
    }

    private void unitRecords(String unit, Random random) {
        for (String quarter : new String[] {"2023-Q3", "2023-Q4"}) {
            String date = quarter.endsWith("Q3") ? "2023-09-30" : "2023-12-31";
            int first = random.nextInt(ASPECTS.length);
            for (int a = 0; a < 4; a++) {
                post("/units/" + unit + "/cards", "{\"aspect\":" + q(ASPECTS[(first + a) % ASPECTS.length])
                        + ",\"quarter\":\"" + quarter + "\",\"colour\":\"" + COLOURS[random.nextInt(COLOURS.length)]
                        + "\",\"issuedByUnitId\":\"" + ROOT + "\",\"effectiveDate\":\"" + date + "\"}");
            }
        }
        for (int month = 7; month <= 12; month++) {
            post("/units/" + unit + "/evaluations", "{\"month\":\"2023-" + String.format("%02d", month) + "\",\"score\":"
                    + (70 + random.nextInt(30)) + ",\"assessor\":\"区督查委\",\"effectiveDate\":\"2024-01-05\"}");
        }
        LocalDate monday = LocalDate.of(2023, 9, 4);
        for (int week = 0; week < 8; week++) {
            LocalDate issued = monday.plusWeeks(week);
            String id = post("/units/" + unit + "/assignments", "{\"kind\":\"" + (week % 4 == 3 ? "RESPONSIBILITY_LIST" : "WEEKLY")
                    + "\",\"title\":\"第" + (36 + week) + "周交办\",\"dueDate\":\"" + issued.plusDays(4)
                    + "\",\"issuedByUnitId\":\"" + ROOT + "\",\"effectiveDate\":\"" + issued + "\"}");
            if (random.nextInt(10) < 9) {
                post("/units/" + unit + "/assignments/" + id + "/completion", "{\"note\":\"已销号\",\"effectiveDate\":\""
                        + issued.plusDays(2 + random.nextInt(5)) + "\"}");
            }
        }
    }

    private void cadreRecords(String cadre, Random random) {
        String base = "/cadres/" + cadre;
        List<String> negatives = new ArrayList<>();
        int entries = 2 + random.nextInt(5);
        for (int e = 0; e < entries; e++) {
            boolean positive = random.nextInt(10) < 7;
            LocalDate day = LocalDate.of(2023, 7 + random.nextInt(6), 1 + random.nextInt(28));
            String id = post(base + "/entries", "{\"polarity\":\"" + (positive ? "POSITIVE" : "NEGATIVE") + "\",\"aspect\":"
                    + q(ASPECTS[random.nextInt(ASPECTS.length)]) + ",\"points\":" + (1 + random.nextInt(3))
                    + ",\"summary\":" + q(positive ? "完成重点任务" : "督查发现问题") + ",\"evidence\":[],\"effectiveDate\":\"" + day
                    + "\"" + (positive ? "" : ",\"finding\":\"PROBLEM_FOUND\"") + "}");
            if (!positive) {
                negatives.add(id);
            }
        }
        if (!negatives.isEmpty() && random.nextInt(20) == 0) {
            post(base + "/entries/" + negatives.get(0) + "/toleration", "{\"reason\":\"容错免责\",\"effectiveDate\":\"2024-01-10\"}");
        } else if (!negatives.isEmpty() && random.nextInt(20) == 0) {
            post(base + "/entries/" + negatives.get(0) + "/revocation", "{\"reason\":\"录入错误\",\"effectiveDate\":\"2024-01-10\"}");
        }
        if (random.nextInt(3) == 0) {
            post(base + "/interviews", "{\"kind\":\"" + INTERVIEWS[random.nextInt(INTERVIEWS.length)]
                    + "\",\"interviewer\":\"区委组织部\",\"reason\":\"工作提醒\",\"effectiveDate\":\""
                    + String.format("2023-%02d-15", 7 + random.nextInt(6)) + "\"}");
        }
        post(base + "/annual-grades", "{\"year\":2023,\"grade\":\"" + (random.nextInt(5) == 0 ? "EXCELLENT" : "COMPETENT")
                + "\",\"effectiveDate\":\"2024-01-15\"}");
        if (random.nextInt(10) == 0) {
            String posting = post(base + "/postings", "{\"kind\":\"" + FRONTLINE[random.nextInt(FRONTLINE.length)]
                    + "\",\"description\":\"一线轮岗\",\"startDate\":\"2023-03-01\"}");
            post(base + "/postings/" + posting + "/end", "{\"effectiveDate\":\"2023-12-31\"}");
        }
        if (random.nextInt(30) == 0) {
            String sanction = post(base + "/sanctions", "{\"kind\":\"" + SANCTIONS[random.nextInt(SANCTIONS.length)]
                    + "\",\"decidedBy\":\"区纪委监委\",\"reason\":\"违反工作纪律\",\"effectiveDate\":\"2023-11-10\"}");
            if (random.nextInt(3) == 0) {
                String appeal = post(base + "/appeals", "{\"contestedRecordId\":" + q(sanction)
                        + ",\"stage\":\"REVIEW\",\"reason\":\"申请复核\",\"effectiveDate\":\"2023-11-20\"}");
                post(base + "/appeals/" + appeal + "/decision", "{\"outcome\":\"UPHELD\",\"reason\":\"维持\","
                        + "\"effectiveDate\":\"2023-12-15\"}");
            }
        }
        if (random.nextInt(100) == 0) {
            String investigation = post(base + "/investigations", "{\"authority\":\"区纪委监委\",\"reason\":\"信访举报核查\","
                    + "\"effectiveDate\":\"2023-10-09\"}");
            if (random.nextBoolean()) {
                post(base + "/investigations/" + investigation + "/closure", "{\"outcome\":\"了结\","
                        + "\"effectiveDate\":\"2024-01-20\"}");
            }
        }
    }

    /** Posts a command that must be answered 201, and answers the new record's id. */
    String post(String path, String json) {
        LedgerClient.Response response = client.post(command + path, json);
        if (response.status() != 201) {
            throw new IllegalStateException("POST " + path + " answered " + response.status() + ": " + response.body());
        }
        commands.incrementAndGet();
        return response.json().get("id").asText();
    }

    interface Task {
        void run(int i);
    }

    static void parallel(int threads, int count, Task task) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> task.run(index)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("loading the district failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
