/// The tags CloudFormation puts on the functions of a stack. Lamb puts the same ones on a template's functions: they
/// say, across restarts, which stack owns a function, so that a function removed from the template is deleted and
/// a function created through the API with the same name is never overwritten.
enum StackTags {
    static let stackName = "aws:cloudformation:stack-name"
    static let logicalId = "aws:cloudformation:logical-id"
}
