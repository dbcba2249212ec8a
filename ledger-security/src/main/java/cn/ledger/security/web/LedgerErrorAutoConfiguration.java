package cn.ledger.security.web;

import org.apache.catalina.Container;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Errors that never reach a controller are problem+json too: {@code /error} (before Spring Boot's own
 * error controller, which then stands back) and Tomcat's error report (a refusal before the application).
 */
@AutoConfiguration(before = ErrorMvcAutoConfiguration.class)
@Import(ProblemErrorController.class)
public class LedgerErrorAutoConfiguration {

    @Bean
    @ConditionalOnClass(StandardHost.class)
    public WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
        return factory -> factory.addContextCustomizers(context -> {
            Container parent = context.getParent();
            if (parent instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
        });
    }
}
