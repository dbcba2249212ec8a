package cn.ledger.query;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ledger.security.testing.ConfigurationMetadata;
import org.junit.jupiter.api.Test;

/** Every ledger.* setting of this service's application.yml is described in its configuration metadata. */
class ConfigurationMetadataTest {

    @Test
    void everyLedgerSettingIsDescribed() {
        assertThat(ConfigurationMetadata.undescribed("application.yml")).isEmpty();
    }
}
