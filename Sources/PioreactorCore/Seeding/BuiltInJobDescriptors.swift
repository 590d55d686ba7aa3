// The UI descriptors shipped for the built-in jobs (`DP/ui/jobs/`). Content follows the
// Pioreactor product's own descriptor files where we have them, else the spec's tables.

extension BuiltInDescriptorFiles {
    /// File name → YAML text, for `DP/ui/jobs/`.
    static let jobs: [(name: String, yaml: String)] = [
        ("00_stirring.yaml", """
        ---
        display_name: Stirring
        job_name: stirring
        display: true
        source: app
        description: Start the stirring on the Pioreactor. Stirring keeps the culture mixed and aerated, and optical density readings depend on it.
        published_settings:
          - key: target_rpm
            unit: RPM
            label: Target stir RPM
            description: Modify the target RPM of stirring. This will effect the optical density reading. Too low and the stir bar may stall, too high and a vortex may form.
            type: numeric
            display: true

        """),
        ("01_od_reading.yaml", """
        ---
        display_name: Optical density
        job_name: od_reading
        display: true
        source: app
        description: Measure the optical density of the culture using the IR LED and photodiodes. Start this before growth rate calculating.
        published_settings:
          - key: ir_led_intensity
            unit: "%"
            label: IR LED intensity
            type: numeric
            display: false
          - key: interval
            unit: s
            label: Seconds between readings
            type: numeric
            display: false

        """),
        ("02_growth_rate_calculating.yaml", """
        ---
        display_name: Growth rate
        job_name: growth_rate_calculating
        display: true
        source: app
        description: Transform optical density measurements into culture growth rate measurements. Start this after innoculation. Begins by sampling for a few minutes to gather a baseline.
        published_settings: []

        """),
        ("03_temperature_automation.yaml", """
        ---
        display_name: Temp. automation
        job_name: temperature_automation
        subtext: automation_name
        display: true
        source: app
        description: Start a temperature automation to control the culture's temperature.
        published_settings:
          - key: target_temperature
            unit: ℃
            label: Target temperature
            type: numeric
            description: Change the target temperature. Lower bound is the ambient temperature, and upper bound is 50℃. Only used in when Thermostat automation is active.
            display: true
          - key: automation_name
            type: string
            display: false

        """),
        ("04_dosing_automation.yaml", """
        ---
        display_name: Dosing automation
        job_name: dosing_automation
        subtext: automation_name
        display: true
        source: app
        description: Start a dosing automation to add and remove liquid from the vial, for example a chemostat or a turbidostat.
        published_settings:
          - key: duration
            unit: min
            label: Time between dosing
            type: numeric
            display: true
          - key: exchange_volume_ml
            unit: mL
            label: Exchange volume
            type: numeric
            display: true
          - key: target_biomass
            unit: OD/AU
            label: Target biomass
            type: numeric
            display: true
          - key: automation_name
            type: string
            display: false

        """),
        ("05_leds.yaml", """
        ---
        display_name: led intensity
        job_name: leds
        display: false
        source: app
        published_settings:
          - key: intensity
            label: LED intensity
            type: string
            display: true

        """),
        ("06_led_automation.yaml", """
        ---
        display_name: LED automation
        job_name: led_automation
        subtext: automation_name
        source: app
        display: true
        description:  Start an LED automation to control the LEDs (for example, in a photo-bioreactor).
        published_settings:
          - key: automation_name
            type: string
            display: false

        """),
        ("10_add_media.yaml", simpleAction(displayName: "add media", jobName: "add_media")),
        ("11_remove_waste.yaml", simpleAction(displayName: "remove waste", jobName: "remove_waste")),
        ("12_add_alt_media.yaml", simpleAction(displayName: "add alt media", jobName: "add_alt_media")),
        ("13_pwms.yaml", """
        ---
        display_name: PWMs
        job_name: pwms
        display: false
        source: app
        published_settings:
          - key: dc
            label: Duty cycles
            type: json
            display: false

        """),
        ("14_circulate_media.yaml", simpleAction(displayName: "circulate media", jobName: "circulate_media")),
        ("15_circulate_alt_media.yaml", simpleAction(displayName: "circulate alt media", jobName: "circulate_alt_media")),
        ("50_self_test.yaml", selfTest),
        ("51_od_blank.yaml", """
        ---
        display_name: od blank
        job_name: od_blank
        display: false
        source: app
        published_settings:
          - key: means
            display: false
            type: json

        """),
        ("52_stirring_calibration.yaml", simpleAction(displayName: "stirring calibration", jobName: "stirring_calibration")),
    ]

    /// A hidden action with no settings (pump actions, calibrations).
    private static func simpleAction(displayName: String, jobName: String) -> String {
        """
        ---
        display_name: \(displayName)
        job_name: \(jobName)
        display: false
        source: app
        published_settings: []

        """
    }

    private static let selfTestChecks: [(key: String, type: String)] = [
        ("test_detect_heating_pcb", "boolean"),
        ("test_positive_correlation_between_temperature_and_heating", "boolean"),
        ("test_all_positive_correlations_between_pds_and_leds", "boolean"),
        ("test_ambient_light_interference", "boolean"),
        ("test_REF_is_lower_than_0_dot_256_volts", "boolean"),
        ("correlations_between_pds_and_leds", "json"),
        ("test_positive_correlation_between_rpm_and_stirring", "boolean"),
        ("test_pioreactor_HAT_present", "boolean"),
        ("test_dark_offset_correction_is_effective", "boolean"),
        ("test_REF_is_in_correct_position", "boolean"),
        ("test_aux_power_is_not_too_high", "boolean"),
        ("test_PD_is_near_0_volts_for_blank", "boolean"),
        ("all_tests_passed", "boolean"),
    ]

    private static let selfTest: String = {
        var text = "---\ndisplay_name: self test\njob_name: self_test\ndisplay: false\nsource: app\npublished_settings:\n"
        for check in selfTestChecks {
            text += "  - key: \(check.key)\n    display: false\n    type: \(check.type)\n"
        }
        return text
    }()
}
