/// Every runtime identifier Lambda's CreateFunction accepts today (the enum of the botocore model, minus values
/// Lambda refuses for new functions is not modelled: Lamb accepts what the model lists).
public enum LambdaRuntimeNames {
    public static let python = ["python3.9", "python3.10", "python3.11", "python3.12", "python3.13", "python3.14"]
    public static let node = ["nodejs18.x", "nodejs20.x", "nodejs22.x", "nodejs24.x"]
    public static let provided = ["provided", "provided.al2", "provided.al2023"]
    /// The Java runtimes Lamb runs (java8.al2 and java11 are Lambda's too, but older than Lamb's runtime client).
    public static let java = ["java17", "java21", "java25"]
    public static let others = [
        "java8.al2", "java11", "dotnet8", "dotnet10",
        "ruby3.2", "ruby3.3", "ruby3.4", "ruby4.0",
    ]
    public static let all: Set<String> = Set(python + node + java + provided + others)
}
