package cn.ledger.query.directory;

import cn.ledger.security.web.Cursor;
import cn.ledger.security.web.RequestParams;

/**
 * A search of the cadre directory, its parameters held to their ranges before any work is done: {@code q}
 * (a part of the name or of the id, at most {@value #MAX_Q} characters; blank is no filter), {@code unitId}
 * (the unit and every unit below it), {@code postLevel} (exactly), {@code limit} (1 to {@value #MAX_LIMIT})
 * and the cursor of the page before, which names the last cadre id of that page (the directory is in the
 * order of the cadres' ids, so a cursor stays good across a rebuild of the read model).
 */
public record DirectorySearch(String q, String unitId, String postLevel, int limit, String after) {

    public static final String LIST = "directory-cadres";
    public static final int MAX_Q = 50;
    public static final int MAX_POST_LEVEL = 50;
    public static final int MAX_LIMIT = 200;
    public static final int DEFAULT_LIMIT = 50;

    public static DirectorySearch of(String q, String unitId, String postLevel, Integer limit, String cursor) {
        String text = q == null || q.isBlank() ? null : q.strip();
        if (text != null) {
            if (text.length() > MAX_Q) {
                throw new RequestParams.Invalid("q", "must be at most " + MAX_Q + " characters");
            }
            if (text.codePoints().anyMatch(Character::isISOControl)) {
                throw new RequestParams.Invalid("q", "must not contain control characters");
            }
        }
        String unit = unitId == null || unitId.isEmpty() ? null : RequestParams.id("unitId", unitId);
        String level = postLevel == null || postLevel.isBlank() ? null : postLevel.strip();
        if (level != null && (level.length() > MAX_POST_LEVEL || level.codePoints().anyMatch(Character::isISOControl))) {
            throw new RequestParams.Invalid("postLevel", "must be at most " + MAX_POST_LEVEL
                    + " characters, none of them a control character");
        }
        int size = RequestParams.limit(Cursor.LIMIT, limit == null ? DEFAULT_LIMIT : limit, MAX_LIMIT);
        String after = Cursor.key(LIST, cursor);
        return new DirectorySearch(text, unit, level, size, after);
    }
}
