// The UI descriptors shipped for the built-in automations (`DP/ui/automations/<type>/`),
// with the fields and defaults of unit-api.md §3.9.

extension BuiltInDescriptorFiles {
    /// Automation type → (file name, YAML text).
    static let automations: [(type: String, files: [(name: String, yaml: String)])] = [
        ("dosing", dosing),
        ("led", led),
        ("temperature", temperature),
    ]

    static let dosing: [(name: String, yaml: String)] = [
        ("01_chemostat.yaml", """
        ---
        display_name: Chemostat
        automation_name: chemostat
        description: Add and remove a constant volume of media on a fixed schedule.
        fields:
          - key: duration
            default: 20
            unit: min
            label: Time between dosing
            type: numeric
          - key: exchange_volume_ml
            default: 0.5
            unit: mL
            label: Exchange volume
            type: numeric

        """),
        ("02_turbidostat.yaml", """
        ---
        display_name: Turbidostat
        automation_name: turbidostat
        description: >
          Every 15s, check if the biomass signal is above the target value. If so, exchange volume amount.

        fields:
          - key: target_biomass
            default: null
            unit: OD/AU
            label: Target
            type: numeric
          - key: exchange_volume_ml
            default: 1.0
            unit: mL
            label: Exchange volume
            type: numeric

        """),
        ("10_fed_batch.yaml", """
        ---
        display_name: Fed Batch
        automation_name: fed_batch
        description: Dose a constant volume of media on a fixed schedule.
        fields:
          - key: duration
            default: 720
            unit: min
            label: Duration between additions
            type: numeric
          - key: dosing_volume_ml
            default: 1.0
            unit: mL
            label: Volume per dose
            type: numeric

        """),
        ("11_pid_morbidostat.yaml", """
        ---
        display_name: PID Morbidostat
        automation_name: pid_morbidostat
        description: Control the growth rate of the culture using two sources of liquid, media and alternative media. The growth rate is controlled by varying the amount of either liquid. The target growth rate should be less than the maximum observed growth rate of the culture.
        fields:
          - key: duration
            default: 60
            unit: min
            label: Time between events
            type: numeric
          - key: target_normalized_od
            default: 1.5
            unit: AU
            label: Target OD
            type: numeric
          - key: target_growth_rate
            default: 0.1
            unit: h⁻¹
            label: Target growth rate
            type: numeric
          - key: exchange_volume_ml
            default: 2.0
            unit: mL
            label: Exchange volume
            type: numeric

        """),
        ("99_silent.yaml", """
        ---
        display_name: Silent
        automation_name: silent
        description: Do nothing.
        fields:
          - key: duration
            default: 30
            unit: min
            label: Duration between events
            type: numeric
            disabled: true

        """),
    ]

    static let led: [(name: String, yaml: String)] = [
        ("01_light_dark_cycle.yaml", """
        ---
        display_name: Light/Dark Cycle
        automation_name: light_dark_cycle
        description: Use LED channels C & D as light sources that turn on and off periodically, simulating an alternating light / dark environment.
        fields:
          - key: duration
            default: 1
            unit: min
            label: Duration between checks
            disabled: True
            type: numeric
          - key: light_intensity
            default: 5
            unit: "%"
            label: Light intensity
            type: numeric
          - key: light_duration_minutes
            unit: min
            label: Light duration
            default: 960
            type: numeric
          - key: dark_duration_minutes
            unit: min
            label: Dark duration
            default: 480
            type: numeric

        """),
        ("99_silent.yaml", """
        ---
        display_name: Silent
        automation_name: silent
        description: Do nothing.
        fields:
          - key: duration
            default: 30
            unit: min
            label: Duration between events
            type: numeric

        """),
    ]

    static let temperature: [(name: String, yaml: String)] = [
        ("01_thermostat.yaml", """
        ---
        display_name: Thermostat
        automation_name: thermostat
        description: Vary the amount of applied heating to keep the culture near a target temperature, using a control-loop.
        fields:
          - key: target_temperature
            default: 30
            unit: ℃
            label: Target temperature
            type: numeric

        """),
        ("02_only_record_temperature.yaml", """
        ---
        display_name: Only record temperature
        automation_name: only_record_temperature
        description: Apply no heating, only record the temperature.
        fields: []

        """),
    ]
}
