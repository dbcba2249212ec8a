package cn.ledger.command;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** The closed loop of {@link GroupCommitIT} without group commit, for the comparison in docs/performance.md. */
@TestPropertySource(properties = "ledger.command.group-commit.enabled=false")
class GroupCommitOffIT extends CommandServiceIT {

    @Test
    void aClosedLoopOf32ClientsIsAnsweredInFull() throws Exception {
        GroupCommitIT.closedLoop(this, "without group commit");
    }
}
