package cn.ledger.projection;

import cn.ledger.projection.ParkedEvents.Parked;
import cn.ledger.projection.ProjectionApplier.Redrive;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Operators see what this projection could not apply, and re-drive it after a fix. */
@RestController
@RequestMapping("/api/v1/admin/parked-events")
@Tag(name = "parked events", description = "Records this projection could not apply, and the records waiting behind them")
public class ParkedEventsController {

    private final ProjectionApplier applier;

    public ParkedEventsController(ProjectionApplier applier) {
        this.applier = applier;
    }

    @GetMapping
    @Operation(summary = "Parked records: poison ones (also on the dead-letter topic) with their reason, and those waiting behind them")
    public List<Parked> parked() {
        return applier.parked().all();
    }

    @PostMapping("/redrive")
    @Operation(summary = "Apply the parked records again, each stream in order; what fails again stays parked")
    public Redrive redrive(@Parameter(description = "only this stream") @RequestParam(required = false) String streamId) {
        return applier.redrive(Optional.ofNullable(streamId));
    }
}
