// PCA: the principal axes of a point cloud from LAPACK's ssyevd on its covariance, with a sign rule
// that keeps the picture from flipping when the data change a little (the projector, epoch after epoch).
import CBLAS

/// The leading principal axes of a set of points and how much of the variance each carries.
public struct PrincipalAxes: Sendable, Equatable {
    public let dimension: Int
    /// The points' mean, (dimension).
    public let mean: [Float]
    /// Unit axes, (components, dimension) row-major, the largest variance first.
    public let axes: [Float]
    /// Variance along each axis (the covariance's eigenvalues), largest first.
    public let variances: [Double]
    /// The trace of the covariance: the variance of all dimensions together.
    public let totalVariance: Double

    public var components: Int { variances.count }

    /// Each axis's share of the total variance.
    public var varianceExplained: [Double] { variances.map { totalVariance > 0 ? $0 / totalVariance : 0 } }

    /// Axis `component` as a vector of `dimension` values.
    public func axis(_ component: Int) -> ArraySlice<Float> { axes[component * dimension..<(component + 1) * dimension] }

    /// - points: (count, dimension) row-major → (count, components): the centred points on the axes.
    public func project(_ points: [Float], count: Int) -> [Float] {
        precondition(points.count == count * dimension, "\(points.count) values for \(count) points of \(dimension)")
        var centred = points
        for row in 0..<count {
            for column in 0..<dimension { centred[row * dimension + column] -= mean[column] }
        }
        var projected = [Float](repeating: 0, count: count * components)
        guard count > 0 else { return projected }
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(count), Int32(components), Int32(dimension),
                    1, centred, Int32(dimension), axes, Int32(dimension), 0, &projected, Int32(components))
        return projected
    }
}

public enum PCA {
    /// The `components` leading principal axes of `points` (count, dimension); nil when a value is
    /// not finite (a diverged net) or LAPACK fails.
    ///
    /// An eigenvector's sign is arbitrary, and LAPACK may return either. The sign rule: with
    /// `previous` axes (last epoch's), each axis points the way its predecessor did (positive dot
    /// product), so the scatter does not mirror between epochs; without, the largest coefficient of
    /// each axis is positive (as scikit-learn's svd_flip), which holds while the data change a little.
    public static func fit(_ points: [Float], count: Int, dimension: Int, components: Int = 2,
                           previous: PrincipalAxes? = nil) -> PrincipalAxes? {
        precondition(count >= 2 && dimension >= components && components >= 1, "PCA needs ≥ 2 points and dimension ≥ components")
        precondition(points.count == count * dimension, "\(points.count) values for \(count) points of \(dimension)")
        guard points.allSatisfy(\.isFinite) else { return nil }
        var mean = [Float](repeating: 0, count: dimension)
        for row in 0..<count {
            for column in 0..<dimension { mean[column] += points[row * dimension + column] }
        }
        for column in 0..<dimension { mean[column] /= Float(count) }
        var centred = points
        for row in 0..<count {
            for column in 0..<dimension { centred[row * dimension + column] -= mean[column] }
        }
        // Covariance C = XᵀX / (count − 1), symmetric, so row- and column-major are the same matrix.
        var covariance = [Float](repeating: 0, count: dimension * dimension)
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(dimension), Int32(dimension), Int32(count),
                    1 / Float(count - 1), centred, Int32(dimension), centred, Int32(dimension), 0, &covariance, Int32(dimension))
        let totalVariance = (0..<dimension).reduce(0.0) { $0 + Double(covariance[$1 * dimension + $1]) }
        guard let (eigenvalues, eigenvectors) = symmetricEigen(&covariance, dimension: dimension) else { return nil }
        var axes = [Float]()
        var variances = [Double]()
        for component in 0..<components {
            // Ascending eigenvalues; eigenvector k is column k of the column-major result, i.e. row k here.
            let index = dimension - 1 - component
            var axis = Array(eigenvectors[index * dimension..<(index + 1) * dimension])
            let reference = previous.flatMap { $0.dimension == dimension && component < $0.components ? $0.axis(component) : nil }
            if shouldFlip(axis, reference: reference) { axis = axis.map { -$0 } }
            axes += axis
            variances.append(max(0, Double(eigenvalues[index])))
        }
        return PrincipalAxes(dimension: dimension, mean: mean, axes: axes, variances: variances, totalVariance: totalVariance)
    }

    /// The sign rule of `fit`.
    static func shouldFlip(_ axis: [Float], reference: ArraySlice<Float>?) -> Bool {
        if let reference {
            return zip(axis, reference).reduce(Float(0)) { $0 + $1.0 * $1.1 } < 0
        }
        let largest = axis.indices.max { abs(axis[$0]) < abs(axis[$1]) } ?? 0
        return axis[largest] < 0
    }

    /// Eigenvalues (ascending) and eigenvectors (rows, unit length) of a symmetric matrix, which
    /// `matrix` is overwritten by: LAPACK's ssyevd from OpenBLAS. Nil when it does not converge.
    static func symmetricEigen(_ matrix: inout [Float], dimension: Int) -> (values: [Float], vectors: [Float])? {
        var n = Int32(dimension), lda = Int32(dimension), info: Int32 = 0
        var jobz = Int8(UInt8(ascii: "V")), uplo = Int8(UInt8(ascii: "U"))
        var values = [Float](repeating: 0, count: dimension)
        // A workspace query first (lwork = liwork = −1), then the decomposition.
        var workSize: Float = 0, iworkSize: Int32 = 0, query: Int32 = -1
        ssyevd_(&jobz, &uplo, &n, &matrix, &lda, &values, &workSize, &query, &iworkSize, &query, &info)
        guard info == 0 else { return nil }
        var lwork = Int32(workSize), liwork = iworkSize
        var work = [Float](repeating: 0, count: Int(lwork)), iwork = [Int32](repeating: 0, count: Int(liwork))
        ssyevd_(&jobz, &uplo, &n, &matrix, &lda, &values, &work, &lwork, &iwork, &liwork, &info)
        return info == 0 ? (values, matrix) : nil
    }
}
