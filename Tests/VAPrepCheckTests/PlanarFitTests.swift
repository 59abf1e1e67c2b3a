import Foundation
import Testing
@testable import VAPrepCheck

/// The homography fit behind the replay signal: exact on any plane motion, loud on what is not one.
@Suite struct PlanarFitTests {
    /// A 6×6 grid of points moved by the homography `h` (row-major, h[8] = 1).
    static func grid(_ h: [Double], bump: (index: Int, dx: Double)? = nil) -> [PlanarFit.Match] {
        var out: [PlanarFit.Match] = []
        for j in 0..<6 {
            for i in 0..<6 {
                let x = 100 + Double(i) * 30, y = 80 + Double(j) * 30
                let d = h[6] * x + h[7] * y + h[8]
                let u = (h[0] * x + h[1] * y + h[2]) / d, v = (h[3] * x + h[4] * y + h[5]) / d
                out.append(.init(x: x, y: y, dx: u - x, dy: v - y))
            }
        }
        if let bump { out[bump.index].dx += bump.dx }
        return out
    }
    static let ones = [Double](repeating: 1, count: 36)
    /// Shift, zoom, roll and the perspective of a ~10° tilt of a picture 200 px wide.
    static let tilt: [Double] = [1.02, 0.03, 4.5, -0.02, 0.98, -2.0, 4e-4, -2e-4, 1]

    @Test func explainsEveryPlanarMotionExactly() throws {
        for h in [[1.0, 0, 3, 0, 1, -2, 0, 0, 1], [1.05, 0, 0, 0, 1.05, 0, 0, 0, 1], Self.tilt] {
            let residuals = try #require(PlanarFit.residuals(Self.grid(h), weights: Self.ones))
            #expect(residuals.max()! < 1e-6)
        }
    }

    @Test func anAffineFitWouldMissTheTiltButThisDoesNot() throws {
        // The perspective terms alone move the far corner by more than a pixel relative to the near one.
        let points = Self.grid(Self.tilt)
        let spread = points.map(\.dx).max()! - points.map(\.dx).min()!
        #expect(spread > 1)
        #expect(try #require(PlanarFit.residuals(points, weights: Self.ones)).max()! < 1e-6)
    }

    @Test func aLocalMoveStandsOut() throws {
        let residuals = try #require(PlanarFit.residuals(Self.grid(Self.tilt, bump: (14, 2.0)), weights: Self.ones))
        #expect(residuals[14] > 1.2)
        // Refit without the moved point: the others are exact again, the point keeps its full 2 px.
        var weights = Self.ones
        weights[14] = 0
        let refit = try #require(PlanarFit.residuals(Self.grid(Self.tilt, bump: (14, 2.0)), weights: weights))
        #expect(abs(refit[14] - 2) < 1e-6)
        #expect(refit.enumerated().filter { $0.offset != 14 }.allSatisfy { $0.element < 1e-6 })
    }

    @Test func tooFewOrCollinearPointsGiveNoFit() {
        let few = Array(Self.grid(Self.tilt).prefix(4))
        #expect(PlanarFit.residuals(few, weights: [1, 1, 1, 1]) == nil)
        let line = (0..<10).map { PlanarFit.Match(x: Double($0) * 10, y: 50, dx: 1, dy: 0) }
        #expect(PlanarFit.residuals(line, weights: [Double](repeating: 1, count: 10)) == nil)
        #expect(PlanarFit.residuals(Self.grid(Self.tilt), weights: [1, 1]) == nil)
        let same = [PlanarFit.Match](repeating: .init(x: 5, y: 5, dx: 0, dy: 0), count: 8)
        #expect(PlanarFit.residuals(same, weights: [Double](repeating: 1, count: 8)) == nil)
    }
}
