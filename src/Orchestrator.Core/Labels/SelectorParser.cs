using Orchestrator.Core.Validation;

namespace Orchestrator.Core.Labels;

/// <summary>Parses the Kubernetes <c>labelSelector</c> query-string syntax into a <see cref="Selector"/>.</summary>
internal sealed class SelectorParser
{
    private readonly string _query;
    private int _position;

    private SelectorParser(string query) => _query = query;

    private enum TokenKind
    {
        Identifier,
        Comma,
        Open,
        Close,
        Not,
        Equal,
        DoubleEqual,
        NotEqual,
        Greater,
        Less,
        End,
    }

    public static bool TryParse(string? query, out Selector result, out string? error)
    {
        result = Selector.Everything;
        error = null;
        if (string.IsNullOrWhiteSpace(query))
        {
            return true;
        }

        var parser = new SelectorParser(query);
        var requirements = new List<LabelRequirement>();
        try
        {
            while (true)
            {
                requirements.Add(parser.ParseRequirement());
                var token = parser.Next();
                if (token.Kind == TokenKind.End)
                {
                    break;
                }

                if (token.Kind != TokenKind.Comma)
                {
                    throw new SelectorSyntaxException($"expected ',' or the end of the selector, found {Describe(token)}", token.Position);
                }
            }
        }
        catch (SelectorSyntaxException e)
        {
            error = $"unable to parse label selector \"{query}\": {e.Message} at position {e.Position}";
            return false;
        }

        result = new Selector([.. requirements]);
        return true;
    }

    private LabelRequirement ParseRequirement()
    {
        var token = Next();
        if (token.Kind == TokenKind.Not)
        {
            var key = Next();
            if (key.Kind != TokenKind.Identifier)
            {
                throw new SelectorSyntaxException($"expected a label key after '!', found {Describe(key)}", key.Position);
            }

            return Requirement(key, LabelOperator.DoesNotExist, []);
        }

        if (token.Kind != TokenKind.Identifier)
        {
            throw new SelectorSyntaxException($"expected a label key, found {Describe(token)}", token.Position);
        }

        var op = Peek();
        if (op.Kind is TokenKind.Comma or TokenKind.End)
        {
            return Requirement(token, LabelOperator.Exists, []);
        }

        Next();
        return op switch
        {
            { Kind: TokenKind.Equal or TokenKind.DoubleEqual } => Requirement(token, LabelOperator.Equal, [ParseExactValue(op)]),
            { Kind: TokenKind.NotEqual } => Requirement(token, LabelOperator.NotEqual, [ParseExactValue(op)]),
            { Kind: TokenKind.Identifier, Text: "in" } => Requirement(token, LabelOperator.In, ParseValueSet(op)),
            { Kind: TokenKind.Identifier, Text: "notin" } => Requirement(token, LabelOperator.NotIn, ParseValueSet(op)),
            { Kind: TokenKind.Greater or TokenKind.Less } =>
                throw new SelectorSyntaxException($"the '{op.Text}' operator is not supported", op.Position),
            _ => throw new SelectorSyntaxException(
                $"expected an operator ('=', '==', '!=', 'in' or 'notin') after '{token.Text}', found {Describe(op)}", op.Position),
        };
    }

    private string ParseExactValue(Token op)
    {
        var token = Peek();
        // "a=" selects an empty value, as in Kubernetes.
        if (token.Kind is TokenKind.Comma or TokenKind.End)
        {
            return "";
        }

        if (token.Kind != TokenKind.Identifier)
        {
            throw new SelectorSyntaxException($"expected a value after '{op.Text}', found {Describe(token)}", token.Position);
        }

        Next();
        return token.Text;
    }

    private List<string> ParseValueSet(Token op)
    {
        var open = Next();
        if (open.Kind != TokenKind.Open)
        {
            throw new SelectorSyntaxException($"expected '(' after '{op.Text}', found {Describe(open)}", open.Position);
        }

        var values = new List<string>();
        while (true)
        {
            var token = Next();
            var value = "";
            if (token.Kind == TokenKind.Identifier)
            {
                value = token.Text;
                token = Next();
            }
            else if (token.Kind == TokenKind.Close && values.Count == 0)
            {
                throw new SelectorSyntaxException($"the value list of '{op.Text}' must not be empty", token.Position);
            }

            values.Add(value);
            if (token.Kind == TokenKind.Close)
            {
                return values;
            }

            if (token.Kind != TokenKind.Comma)
            {
                throw new SelectorSyntaxException($"expected ',' or ')' in the value list of '{op.Text}', found {Describe(token)}", token.Position);
            }
        }
    }

    private static LabelRequirement Requirement(Token key, LabelOperator op, List<string> values)
    {
        var keyErrors = NameRules.QualifiedNameErrors(key.Text);
        if (keyErrors.Count > 0)
        {
            throw new SelectorSyntaxException($"invalid label key \"{key.Text}\": {keyErrors[0]}", key.Position);
        }

        foreach (var value in values)
        {
            var valueErrors = NameRules.LabelValueErrors(value);
            if (valueErrors.Count > 0)
            {
                throw new SelectorSyntaxException($"invalid label value \"{value}\" for key \"{key.Text}\": {valueErrors[0]}", key.Position);
            }
        }

        return new LabelRequirement(key.Text, op, values);
    }

    private Token Peek()
    {
        var saved = _position;
        var token = Next();
        _position = saved;
        return token;
    }

    private Token Next()
    {
        while (_position < _query.Length && char.IsWhiteSpace(_query[_position]))
        {
            _position++;
        }

        var start = _position;
        if (_position >= _query.Length)
        {
            return new Token(TokenKind.End, "", start);
        }

        var c = _query[_position++];
        switch (c)
        {
            case ',': return new Token(TokenKind.Comma, ",", start);
            case '(': return new Token(TokenKind.Open, "(", start);
            case ')': return new Token(TokenKind.Close, ")", start);
            case '>': return new Token(TokenKind.Greater, ">", start);
            case '<': return new Token(TokenKind.Less, "<", start);
            case '!' when _position < _query.Length && _query[_position] == '=':
                _position++;
                return new Token(TokenKind.NotEqual, "!=", start);
            case '!': return new Token(TokenKind.Not, "!", start);
            case '=' when _position < _query.Length && _query[_position] == '=':
                _position++;
                return new Token(TokenKind.DoubleEqual, "==", start);
            case '=': return new Token(TokenKind.Equal, "=", start);
        }

        while (_position < _query.Length && !IsDelimiter(_query[_position]))
        {
            _position++;
        }

        return new Token(TokenKind.Identifier, _query[start.._position], start);
    }

    private static bool IsDelimiter(char c) => char.IsWhiteSpace(c) || c is ',' or '(' or ')' or '!' or '=' or '<' or '>';

    private static string Describe(Token token) => token.Kind == TokenKind.End ? "the end of the selector" : $"'{token.Text}'";

    private readonly record struct Token(TokenKind Kind, string Text, int Position);

    private sealed class SelectorSyntaxException(string message, int position) : Exception(message)
    {
        public int Position { get; } = position;
    }
}
