package cn.ledger.local;

import static cn.ledger.local.LedgerClient.q;

import cn.ledger.security.LocalTokens;

/**
 * A small district to try the ledger on: 兰州市 over 安宁区, its street offices and departments, a few
 * cadres with entries, interviews, grades, a posting, a sanction and an investigation, a quarter's cards,
 * and two months' assignments and evaluation scores.
 */
public final class DemoData {

    private final LedgerClient city;
    private final LedgerClient recorder;
    private final LedgerClient assessor;
    private final LedgerClient discipline;
    private final String commandUrl;

    /** Loads as the demo users whose roles allow each record: the city and district recorders, an assessor, a discipline officer. */
    public DemoData(LocalTokens tokens, String commandUrl) {
        this(tokens::forDemoUser, commandUrl);
    }

    /** With the demo users' tokens from elsewhere, e.g. an identity provider holding the same users. */
    public DemoData(java.util.function.Function<String, String> tokenOfDemoUser, String commandUrl) {
        this.city = new LedgerClient(tokenOfDemoUser.apply("recorder-lanzhou"));
        this.recorder = new LedgerClient(tokenOfDemoUser.apply("recorder-anning"));
        this.assessor = new LedgerClient(tokenOfDemoUser.apply("assessor-1"));
        this.discipline = new LedgerClient(tokenOfDemoUser.apply("discipline-1"));
        this.commandUrl = commandUrl + "/api/v1";
    }

    public void load() {
        unit("lanzhou", "兰州市", "CITY", null);
        unit("anning", "安宁区", "DISTRICT", "lanzhou");
        unit("anning-peilimen", "培黎街道办事处", "STREET_OFFICE", "anning");
        unit("anning-shajingyi", "沙井驿街道办事处", "STREET_OFFICE", "anning");
        unit("anning-fagai", "区发展和改革局", "DISTRICT_DEPARTMENT", "anning");
        unit("anning-zhujian", "区住房和城乡建设局", "DISTRICT_DEPARTMENT", "anning");
        unit("anning-minzheng", "区民政局", "DISTRICT_DEPARTMENT", "anning");

        cadre("c-wang", "王建国", "anning-peilimen", "街道党工委书记", "乡科正", "2020-03-01", "一级主任科员", "2021-06-01");
        cadre("c-li", "李秀英", "anning-shajingyi", "街道办事处主任", "乡科正", "2021-01-15", "二级主任科员", "2021-01-15");
        cadre("c-zhang", "张伟", "anning-fagai", "局长", "乡科正", "2019-09-01", "一级主任科员", "2019-09-01");
        cadre("c-zhao", "赵敏", "anning-zhujian", "副局长", "乡科副", "2022-02-01", "三级主任科员", "2022-02-01");

        entry("c-wang", "POSITIVE", "项目双进", "3", "提前完成重点项目征地拆迁任务", "2023-08-20");
        entry("c-wang", "NEGATIVE", "平安建设", "1", "督查发现辖区安全隐患整改不到位", "2023-09-05");
        entry("c-li", "POSITIVE", "基层党建", "2", "社区党建示范点建设受市级表彰", "2023-09-12");
        entry("c-zhang", "NEGATIVE", "优化营商环境", "2", "企业投诉事项逾期未办结", "2023-09-18");
        entry("c-zhao", "POSITIVE", "经济运行", "1.5", "完成季度投资目标", "2023-09-25");

        interview("c-wang", "REMINDER", "区委组织部", "安全隐患整改滞后", "2023-09-06");
        interview("c-zhang", "FORMAL_TALK", "区纪委监委", "营商环境投诉逾期", "2023-09-19");
        interview("c-zhang", "ADMONISHMENT", "区纪委监委", "同类问题反复发生", "2023-09-28");

        card("anning", "经济运行", "BLUE");
        card("anning", "项目双进", "BLUE");
        card("anning-peilimen", "平安建设", "YELLOW");
        card("anning-peilimen", "项目双进", "BLUE");
        card("anning-shajingyi", "基层党建", "BLUE");
        card("anning-fagai", "优化营商环境", "RED");
        card("anning-zhujian", "经济运行", "BLUE");
        card("anning-minzheng", "民生保障", "YELLOW");

        // what promotion reviewers look at: grades, a frontline posting, a sanction, an investigation
        for (String cadre : new String[] {"c-wang", "c-li", "c-zhang", "c-zhao"}) {
            post(recorder, "/cadres/" + cadre + "/annual-grades", "{\"year\":2023,\"grade\":"
                    + q(cadre.equals("c-wang") ? "EXCELLENT" : "COMPETENT") + ",\"effectiveDate\":\"2024-01-15\"}");
        }
        post(recorder, "/cadres/c-wang/postings", "{\"kind\":\"PETITIONS\",\"description\":\"区信访接待中心轮岗\","
                + "\"startDate\":\"2023-03-01\",\"endDate\":\"2023-08-31\"}");
        post(discipline, "/cadres/c-zhang/sanctions", "{\"kind\":\"GOVERNMENT_DEMERIT\",\"decidedBy\":\"安宁区监委\","
                + "\"reason\":\"企业投诉事项逾期未办结，造成不良影响\",\"effectiveDate\":\"2023-10-10\"}");
        post(discipline, "/cadres/c-li/investigations", "{\"authority\":\"安宁区纪委监委\",\"reason\":\"信访举报核查\","
                + "\"effectiveDate\":\"2024-03-04\"}");

        // two months' work for the review (月讲评): assignments and the assessors' scores; 区民政局 comes
        // last among the departments in both, so the ranking-projector opens an accountability procedure
        String[] units = {"anning-peilimen", "anning-shajingyi", "anning-fagai", "anning-zhujian", "anning-minzheng"};
        String[] august = {"80", "90", "88", "86", "78"};
        for (int i = 0; i < units.length; i++) {
            post(assessor, "/units/" + units[i] + "/evaluations", "{\"month\":\"2023-08\",\"score\":" + august[i]
                    + ",\"assessor\":\"区督查委\",\"effectiveDate\":\"2023-09-05\"}");
        }
        String[] scores = {"92", "88.5", "85", "90", "79.5"};
        for (int i = 0; i < units.length; i++) {
            String done = post(assessor, "/units/" + units[i] + "/assignments", "{\"kind\":\"WEEKLY\",\"title\":\"第36周交办：安全生产大检查\","
                    + "\"dueDate\":\"2023-09-15\",\"issuedByUnitId\":\"anning\",\"effectiveDate\":\"2023-09-04\"}");
            post(assessor, "/units/" + units[i] + "/assignments/" + done + "/completion", "{\"note\":\"已销号\","
                    + "\"effectiveDate\":" + q(i % 2 == 0 ? "2023-09-14" : "2023-09-20") + "}");
            post(assessor, "/units/" + units[i] + "/assignments", "{\"kind\":\"RESPONSIBILITY_LIST\",\"title\":\"责任清单：项目落地\","
                    + "\"dueDate\":\"2023-09-29\",\"issuedByUnitId\":\"anning\",\"effectiveDate\":\"2023-09-04\"}");
            post(assessor, "/units/" + units[i] + "/evaluations", "{\"month\":\"2023-09\",\"score\":" + scores[i]
                    + ",\"assessor\":\"区督查委\",\"effectiveDate\":\"2023-10-05\"}");
        }
    }

    /** Posts a command and answers the new record's id. */
    private String post(LedgerClient client, String path, String json) {
        return client.post(commandUrl + path, json).expect(201).json().get("id").asText();
    }

    private void unit(String id, String name, String category, String parent) {
        city.post(commandUrl + "/units", "{\"unitId\":" + q(id) + ",\"name\":" + q(name) + ",\"category\":" + q(category)
                + ",\"parentUnitId\":" + (parent == null ? "null" : q(parent)) + ",\"effectiveDate\":\"2023-01-01\"}")
                .expect(201);
    }

    private void cadre(String id, String name, String unit, String post, String level, String postSince, String rank,
            String rankSince) {
        recorder.post(commandUrl + "/cadres", "{\"cadreId\":" + q(id) + ",\"name\":" + q(name) + ",\"unitId\":" + q(unit)
                + ",\"post\":" + q(post) + ",\"postLevel\":" + q(level) + ",\"postSince\":" + q(postSince)
                + ",\"rank\":" + q(rank) + ",\"rankSince\":" + q(rankSince)
                + ",\"workStartDate\":\"2008-07-01\",\"grassrootsYears\":5,\"education\":\"大学\","
                + "\"effectiveDate\":\"2023-01-01\"}").expect(201);
    }

    private void entry(String cadre, String polarity, String aspect, String points, String summary, String date) {
        recorder.post(commandUrl + "/cadres/" + cadre + "/entries", "{\"polarity\":" + q(polarity) + ",\"aspect\":"
                + q(aspect) + ",\"points\":" + points + ",\"summary\":" + q(summary) + ",\"evidence\":[],"
                + "\"effectiveDate\":" + q(date) + "}").expect(201);
    }

    private void interview(String cadre, String kind, String interviewer, String reason, String date) {
        recorder.post(commandUrl + "/cadres/" + cadre + "/interviews", "{\"kind\":" + q(kind) + ",\"interviewer\":"
                + q(interviewer) + ",\"reason\":" + q(reason) + ",\"effectiveDate\":" + q(date) + "}").expect(201);
    }

    private void card(String unit, String aspect, String colour) {
        assessor.post(commandUrl + "/units/" + unit + "/cards", "{\"aspect\":" + q(aspect) + ",\"quarter\":\"2023-Q3\","
                + "\"colour\":" + q(colour) + ",\"effectiveDate\":\"2023-09-30\"}").expect(201);
    }
}
