import Foundation
import Testing
@testable import PioreactorCore

/// Expected values come from the reference's `x_to_y` / `y_to_x`.
@Suite("CalibrationCurve")
struct CalibrationCurveTests {
    let pump = CalibrationCurve.poly(coefficients: [0.0911, 0.0])

    @Test("worked example: 1.0 mL takes 10.977 s; 10 s gives 0.911 mL")
    func pumpExample() throws {
        #expect(try pump.yToX(1.0, domain: nil) == 10.9769484083)
        #expect(try pump.xToY(10.0) == 0.911)
    }

    @Test("decoded calibration exposes its curve and domain")
    func fromDecoded() throws {
        let decoded = try CalibrationDecoder.decode(yaml: pumpYAML())
        #expect(decoded.curve == pump)
        #expect(decoded.recordedX == [1.0, 2.0])
        #expect(try decoded.yToX(0.1) == 1.0976948408)
        #expect(throws: CurveError.solutionAboveDomain("Solution above domain [1.0, 2.0]")) {
            try decoded.yToX(1.0, enforceBounds: true)
        }
    }

    @Test("polynomial inversion picks the smallest root in the domain, else the closest")
    func polynomials() throws {
        let quadratic = CalibrationCurve.poly(coefficients: [1.0, -3.0, 2.0])
        #expect(try quadratic.yToX(0.0, domain: 0.0...1.5) == 1.0)
        #expect(try quadratic.yToX(0.0, domain: 3.0...4.0) == 2.0)
        #expect(throws: CurveError.solutionBelowDomain("Solution below domain")) {
            try quadratic.yToX(0.0, enforceBounds: true, domain: 3.0...4.0)
        }
        #expect(throws: CurveError.noSolutions("No solutions found")) { try quadratic.yToX(-1.0, domain: nil) }
        let cubic = CalibrationCurve.poly(coefficients: [1.0, -6.0, 11.0, -6.0])
        #expect(try cubic.yToX(0.0, domain: 0.0...10.0) == 1.0)
        #expect(try cubic.xToY(0.3) == -3.213)
        #expect(try CalibrationCurve.poly(coefficients: [1.0, 0.0, 0.0, -8.0]).yToX(0.0, domain: nil) == 2.0)
        #expect(try CalibrationCurve.poly(coefficients: [0.5, -0.2, 0.03, 0.001, 0.0]).yToX(0.01, domain: 0.0...1.0) == 0.4627916995)
        let line = CalibrationCurve.poly(coefficients: [2.0, 1.0])
        #expect(try line.yToX(10.0, domain: 0.0...1.0) == 4.5)
        #expect(throws: CurveError.solutionAboveDomain("Solution above domain [0.0, 1.0]")) {
            try line.yToX(10.0, enforceBounds: true, domain: 0.0...1.0)
        }
        #expect(throws: CurveError.solutionBelowDomain("Solution below domain [0.0, 1.0]")) {
            try line.yToX(-10.0, enforceBounds: true, domain: 0.0...1.0)
        }
        #expect(throws: CurveError.noSolutions("No solutions found")) { try CalibrationCurve.poly(coefficients: [5.0]).yToX(1.0, domain: nil) }
        #expect(throws: CurveError.noSolutions("curve_data_ is empty")) { try CalibrationCurve.poly(coefficients: []).xToY(1.0) }
        #expect(try CalibrationCurve.poly(coefficients: [1.0 / 3.0, 0.0]).xToY(1.0) == 0.3333333333)
    }

    @Test("spline evaluation extrapolates end segments and inverts per segment")
    func splines() throws {
        let spline = CalibrationCurve.spline(knots: [0.0, 0.5, 1.0], coefficients: [[0.01, 0.1, 0.0, 0.0], [0.06, 0.1, 0.0, 0.0]])
        #expect(try spline.xToY(0.75) == 0.085)
        #expect(try spline.xToY(2.0) == 0.21)
        #expect(try spline.yToX(0.085, domain: 0.0...1.0) == 0.75)
        #expect(try spline.yToX(-1.0, domain: 0.0...1.0) == -10.1)
        #expect(throws: CurveError.solutionBelowDomain("Solution below domain [0.0, 1.0]")) {
            try spline.yToX(-1.0, enforceBounds: true, domain: 0.0...1.0)
        }
        let flat = CalibrationCurve.spline(knots: [0.0, 1.0, 2.0, 3.0], coefficients: [[0.0, 1.0, 0.0, 0.0], [1.0, 0.0, 0.0, 0.0], [1.0, 1.0, 0.0, 0.0]])
        #expect(try flat.allSolutions(1.0) == [1.0, 2.0])
        #expect(try flat.yToX(1.0, domain: 0.0...3.0) == 1.0)
    }

    @Test("akima curves evaluate and invert like splines")
    func akima() throws {
        let curve = CalibrationCurve.akima(knots: [0.0, 1.0, 2.0], coefficients: [[0.0, 1.0, 0.5, -0.2], [1.3, 1.4, -0.1, 0.05]])
        #expect(try curve.xToY(1.5) == 1.98125)
        #expect(try curve.xToY(-0.5) == -0.35)
        #expect(try curve.yToX(2.0, domain: 0.0...2.0) == 1.5140222637)
        #expect(try curve.yToX(0.7, domain: 0.0...2.0) == 0.5733357449)
        let wiggle = CalibrationCurve.akima(knots: [0.0, 1.0, 2.0], coefficients: [[0.0, 3.0, -6.0, 2.5], [-0.5, -1.5, 1.5, 0.0]])
        let roots = try wiggle.allSolutions(0.1)
        #expect(roots.count == 3)
        #expect(zip(roots, [0.03586789100842062, 0.6509572238348217, 2.306225774829855]).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(try wiggle.yToX(0.1, domain: 0.0...2.0) == 0.035867891)
    }

    @Test("malformed piecewise shapes are rejected at evaluation time")
    func shapes() {
        #expect(throws: CurveError.invalidCurve("Invalid spline_data format.")) {
            try CalibrationCurve.spline(knots: [0.0, 1.0], coefficients: [[1.0, 2.0, 3.0]]).xToY(0.5)
        }
        #expect(throws: CurveError.invalidCurve("Knots must be strictly increasing.")) {
            try CalibrationCurve.spline(knots: [1.0, 0.0], coefficients: [[1.0, 2.0, 3.0, 4.0]]).xToY(0.5)
        }
        #expect(throws: CurveError.invalidCurve("Coefficient count must be len(knots) - 1.")) {
            try CalibrationCurve.akima(knots: [0.0, 1.0, 2.0], coefficients: [[1.0, 2.0, 3.0, 4.0]]).yToX(0.5, domain: nil)
        }
        #expect(throws: CurveError.noSolutions("curve_data_ is empty")) {
            try CalibrationCurve.akima(knots: [], coefficients: []).xToY(0.5)
        }
    }
}
