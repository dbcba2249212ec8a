package cn.ledger.projection.rebuild;

import cn.ledger.projection.Projection;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.transaction.support.TransactionTemplate;

/** Projection rebuilds: the redirectable data source, the rebuilder, its endpoint and the switch gate. */
@Configuration(proxyBeanMethods = false)
public class ProjectionRebuildConfig {

    /** Wraps the service's pool so that a rebuild thread can be pointed at its own schema. */
    @Bean
    public static BeanPostProcessor rebuildAwareDataSource() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof DataSource dataSource && !(bean instanceof RebuildAwareDataSource)
                        && "dataSource".equals(beanName)) {
                    return new RebuildAwareDataSource(dataSource);
                }
                return bean;
            }
        };
    }

    @Bean
    public SwitchGate switchGate() {
        return new SwitchGate();
    }

    @Bean
    @SuppressWarnings("unchecked")
    public ProjectionRebuilder projectionRebuilder(DataSource dataSource, JdbcTemplate jdbc,
            TransactionTemplate transaction, Projection projection, ConsumerFactory<?, ?> consumers,
            KafkaListenerEndpointRegistry listeners, KafkaAdmin kafkaAdmin, MeterRegistry meters, SwitchGate gate,
            ObjectProvider<RebuildSwitchHook> hooks,
            @Value("${spring.kafka.consumer.group-id}") String group,
            @Value("${spring.flyway.locations:classpath:db/migration}") String[] migrations) {
        if (!(dataSource instanceof RebuildAwareDataSource redirectable)) {
            throw new IllegalStateException("the service's data source bean must be named dataSource");
        }
        List<RebuildSwitchHook> ordered = hooks.orderedStream().toList();
        return new ProjectionRebuilder(redirectable, jdbc, transaction, projection,
                (ConsumerFactory<String, byte[]>) consumers, listeners, kafkaAdmin, meters, gate, ordered, group,
                migrations);
    }

    @Bean
    public RebuildController rebuildController(ProjectionRebuilder rebuilder) {
        return new RebuildController(rebuilder);
    }
}
