import Foundation
import Logging
import PioreactorCore
import PioreactorHardware

/// The job's pumps and vial, as automations see them.
extension DosingAutomationJob: DosingIO {
    public nonisolated var logger: Logger { context.logger }
    public nonisolated var maxFillVolumeML: Double { context.model.reactorMaxFillVolumeML }

    public func currentVolumeML() async throws -> Double {
        try await context.bioreactor.value(experiment: context.experiment, variable: BioreactorVariable.named("current_volume_ml")!)
    }

    public func durationMinutes() async -> Double { duration }

    public nonisolated func publishPIDLog(_ pid: PIDController, target: String) {
        context.bus.publishPIDLog(pid, jobName: jobName, target: target)
    }

    public func executeIOAction(waste: Double, media: Double, altMedia: Double) async throws -> DosedVolumes {
        var requested = JSONObject([("waste_ml", .double(waste))])
        if altMedia > 0 { requested["alt_media_ml"] = .double(altMedia) }
        requested["media_ml"] = .double(media)
        await runtime?.publish("latest_event", .json(AutomationEvent.json("DosingStarted", data: requested)))
        let moved = try await ioAction(waste: waste, media: media, altMedia: altMedia)
        var result = JSONObject([("waste_ml", .double(moved.waste))])
        if altMedia > 0 { result["alt_media_ml"] = .double(moved.altMedia) }
        result["media_ml"] = .double(moved.media)
        await runtime?.publish("latest_event", .json(AutomationEvent.json("DosingStopped", data: result)))
        return moved
    }

    /// Halves the request until the adds fit in `max_subdose`, so the vial never holds much
    /// more than its efflux level; each part adds, removes its waste, then 2× more waste.
    func ioAction(waste: Double, media: Double, altMedia: Double) async throws -> DosedVolumes {
        guard waste >= media + altMedia - 1e-9 else {
            throw JobFailure("Not removing enough waste: waste_ml should be greater than or equal to sum of all dosed ml")
        }
        if media + altMedia > context.double("dosing_automation.config", "max_subdose", 1.0) {
            let first = try await ioAction(waste: waste / 2, media: media / 2, altMedia: altMedia / 2)
            return first + (try await ioAction(waste: waste / 2, media: media / 2, altMedia: altMedia / 2))
        }
        var moved = DosedVolumes()
        var projected = try await currentVolumeML()
        for (role, ml) in [(PumpRole.altMedia, altMedia), (.media, media)] {
            if projected + ml >= maxFillVolumeML {
                logger.error("Pausing all pumping since \(JSONValue.pythonFloatRepr(projected)) + \(JSONValue.pythonFloatRepr(ml)) mL is beyond safety threshold \(JSONValue.pythonFloatRepr(maxFillVolumeML)) mL.")
                await pauseAutomation()
                return moved
            }
            guard ml > 0, await readyToPump() else { continue }
            let added = try await pump(role, ml: ml)
            if role == .media { moved.media += added } else { moved.altMedia += added }
            projected += added
            try await context.clock.sleep(context.double("dosing_automation.config", "pause_between_subdoses_seconds", 5))
        }
        if waste > 0, await readyToPump() {
            moved.waste += try await pump(.waste, ml: waste)
            try await context.clock.sleep(0.05)
        }
        let extra = waste * context.double("dosing_automation.config", "waste_removal_multiplier", 2)
        if extra > 0, await readyToPump() {
            _ = try await pump(.waste, ml: extra)
            try await context.clock.sleep(0.05)
        }
        if moved.waste < waste - 1e-9 {
            logger.warning("Waste was under-removed. Expected to remove \(JSONValue.pythonFloatRepr(waste)) ml, only removed \(JSONValue.pythonFloatRepr(moved.waste)) ml.")
        }
        return moved
    }

    public func addMedia(ml: Double) async throws -> Double {
        try await pump(.media, ml: ml)
    }

    public func pauseAutomation() async {
        await runtime?.transition(to: "sleeping")
    }

    /// Waits out `sleeping`; pumps only in `ready`.
    func readyToPump() async -> Bool {
        guard let runtime else { return true }
        try? await runtime.waitWhileSleeping()
        return await runtime.state == .ready && !Task.isCancelled
    }

    /// Runs a nested pump action (its own job row), books throughput, returns the volume moved.
    func pump(_ role: PumpRole, ml: Double) async throws -> Double {
        guard ml > 0 else { return 0 }
        let action = try PumpAction(context: context, pump: role, options: OptionValues([
            "ml": JSONValue.pythonFloatRepr(ml), "source_of_event": "\(jobName):\(automationName)",
        ]))
        let pumpRuntime = JobRuntime(context: context, job: action, ownsConnection: false)
        activePump = pumpRuntime
        // Its own task: the pump's clean-up (state, job row) must not inherit our cancellation.
        let pumping = Task { await pumpRuntime.run(trapSignals: false) }
        let code = await withTaskCancellationHandler {
            await pumping.value
        } onCancel: {
            Task { await pumpRuntime.requestStop() }
        }
        activePump = nil
        try Task.checkCancellation()
        if code != 0 { throw JobFailure("\(PumpAction.jobName(for: role)) failed") }
        let moved = await action.movedML
        try await bookThroughput(role, moved)
        return moved
    }

    /// media/alt-media throughput (persisted per experiment, published); waste is not counted.
    func bookThroughput(_ role: PumpRole, _ moved: Double) async throws {
        switch role {
        case .media:
            mediaThroughput += moved
            try await context.persistent.cache("media_throughput").set(.text(context.experiment), .real(mediaThroughput))
            await runtime?.publish("media_throughput", .double(mediaThroughput))
        case .altMedia:
            altMediaThroughput += moved
            try await context.persistent.cache("alt_media_throughput").set(.text(context.experiment), .real(altMediaThroughput))
            await runtime?.publish("alt_media_throughput", .double(altMediaThroughput))
        case .waste:
            break
        }
    }
}
