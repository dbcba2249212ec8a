package cn.ledger.query;

import cn.ledger.projection.ProjectionKafkaConfig;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

@SpringBootApplication
@Import(ProjectionKafkaConfig.class)
public class LedgerQueryApplication {

    public static void main(String[] args) {
        SpringApplication.run(LedgerQueryApplication.class, args);
    }
}
