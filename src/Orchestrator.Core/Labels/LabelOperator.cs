namespace Orchestrator.Core.Labels;

/// <summary>The operator of one label requirement; <c>Equal</c>/<c>NotEqual</c> come from <c>a=b</c>/<c>a!=b</c> and <c>matchLabels</c>.</summary>
public enum LabelOperator
{
    Equal,
    NotEqual,
    In,
    NotIn,
    Exists,
    DoesNotExist,
}
