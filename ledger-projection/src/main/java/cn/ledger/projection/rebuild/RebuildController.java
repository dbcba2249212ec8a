package cn.ledger.projection.rebuild;

import cn.ledger.projection.rebuild.ProjectionRebuilder.RebuildConflict;
import cn.ledger.projection.rebuild.ProjectionRebuilder.Status;
import cn.ledger.projection.rebuild.ProjectionRebuilder.UnknownRebuild;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Operators start, watch, switch and cancel projection rebuilds here. */
@RestController
@RequestMapping("/api/v1/admin/rebuilds")
@Tag(name = "rebuilds", description = "Rebuild this service's read model from the start of ledger.events")
public class RebuildController {

    private final ProjectionRebuilder rebuilder;

    public RebuildController(ProjectionRebuilder rebuilder) {
        this.rebuilder = rebuilder;
    }

    @PostMapping
    @Operation(summary = "Start a rebuild into fresh tables; the live tables keep serving until the switch")
    public ResponseEntity<Status> start(
            @Parameter(description = "switch over as soon as the rebuild has caught up (default), or wait for POST …/switch")
            @RequestParam(defaultValue = "true") boolean autoSwitch,
            @Parameter(hidden = true) java.security.Principal caller) {
        Status status = guarded(() -> rebuilder.start(autoSwitch, caller == null ? "operator" : caller.getName()));
        return ResponseEntity.accepted().location(URI.create("/api/v1/admin/rebuilds/" + status.id())).body(status);
    }

    @GetMapping
    @Operation(summary = "Every rebuild since the service started, with its progress")
    public List<Status> all() {
        return rebuilder.all();
    }

    @GetMapping("/{id}")
    @Operation(summary = "A rebuild's progress: state, records read, lag behind the topic's end, rate")
    public Status one(@PathVariable String id) {
        return rebuilder.status(id).orElseThrow(() -> problem(HttpStatus.NOT_FOUND, "unknown-rebuild", "no rebuild " + id));
    }

    @PostMapping("/{id}/switch")
    @Operation(summary = "Switch over to the rebuilt tables once caught up")
    public ResponseEntity<Status> switchOver(@PathVariable String id) {
        return ResponseEntity.accepted().body(guarded(() -> rebuilder.requestSwitch(id)));
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "Stop a rebuild that has not switched and drop its tables")
    public ResponseEntity<Status> cancel(@PathVariable String id) {
        return ResponseEntity.accepted().body(guarded(() -> rebuilder.cancel(id)));
    }

    private static Status guarded(java.util.function.Supplier<Status> action) {
        try {
            return action.get();
        } catch (UnknownRebuild e) {
            throw problem(HttpStatus.NOT_FOUND, "unknown-rebuild", e.getMessage());
        } catch (RebuildConflict e) {
            throw problem(HttpStatus.CONFLICT, "rebuild-conflict", e.getMessage());
        }
    }

    private static ErrorResponseException problem(HttpStatus status, String type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:ledger:problem:" + type));
        return new ErrorResponseException(status, problem, null);
    }
}
