package cn.ledger.bench.peer;

import com.fasterxml.jackson.databind.ObjectMapper;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The benchmark's peer: a plain Axon 4.13 application of the kind Axon's own demos are — one
 * aggregate, HTTP → command gateway → aggregate → Axon's JDBC event store on PostgreSQL — with Axon's
 * defaults everywhere else (no aggregate cache, no snapshots, no security, no event processors, no
 * publisher, no projections). The harness starts it in a JVM of its own against a schema of its own in
 * the benchmark's database and drives it at the same concurrency as the ledger, so that the ledger's
 * append rate can be read as a fraction of what Axon itself does on this machine.
 *
 * <p>The storage beans are declared because, with JDBC and without JPA, Axon's auto-configuration on
 * this Spring Boot version falls back to in-memory storage.
 */
@SpringBootApplication
public class PeerApplication {

    public static void main(String[] args) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        SpringApplication.run(PeerApplication.class, args);
    }

    @Bean
    public ConnectionProvider axonConnectionProvider(DataSource dataSource) {
        return new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(dataSource));
    }

    @Bean
    public TransactionManager axonTransactionManager(PlatformTransactionManager transactionManager) {
        return new SpringTransactionManager(transactionManager);
    }

    @Bean
    @Primary
    public Serializer serializer() {
        return JacksonSerializer.builder().objectMapper(new ObjectMapper()).build();
    }

    @Bean
    public EventStorageEngine eventStorageEngine(ConnectionProvider connectionProvider,
            TransactionManager transactionManager, Serializer serializer) {
        JdbcEventStorageEngine engine = JdbcEventStorageEngine.builder()
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .dataType(byte[].class)
                .build();
        engine.createSchema(PostgresEventTableFactory.INSTANCE);
        return engine;
    }

    @Bean
    public EmbeddedEventStore eventStore(EventStorageEngine storageEngine) {
        return EmbeddedEventStore.builder().storageEngine(storageEngine).build();
    }
}
