package cn.ledger.ranking;

import cn.ledger.projection.ProjectionKafkaConfig;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

@SpringBootApplication
@Import(ProjectionKafkaConfig.class)
public class RankingProjectorApplication {

    public static void main(String[] args) {
        SpringApplication.run(RankingProjectorApplication.class, args);
    }
}
