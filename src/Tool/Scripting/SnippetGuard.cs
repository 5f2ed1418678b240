using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TraceCurate.Diagnostics;
using Diagnostic = TraceCurate.Diagnostics.Diagnostic;

namespace TraceCurate.Scripting;

/// <summary>
/// The snippet safety guard (docs/safety.md, engine-notes §1.10): walks the generated file's syntax with the semantic
/// model and refuses every symbol, type, attribute, <c>using</c>, pointer, <c>dynamic</c>, <c>unsafe</c> or
/// <c>extern</c> that reaches outside <see cref="SnippetAllowList"/>. It checks what the names bind to, not how they are
/// spelled, so aliases, <c>using static</c> and <c>var</c> do not get around it. A lint against mistakes and copied
/// recipes, not a sandbox: .NET has none.
/// </summary>
internal static class SnippetGuard
{
    /// <summary>Full names as written in code (<c>System.IO.File</c>, <c>System.Object</c>), not keywords.</summary>
    private static readonly SymbolDisplayFormat Names = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters);

    public static IReadOnlyList<Diagnostic> Check(CSharpCompilation compilation, SyntaxTree tree)
    {
        var model = compilation.GetSemanticModel(tree);
        var own = compilation.Assembly;
        var found = new List<Diagnostic>();
        var pending = new Stack<SyntaxNode>();
        pending.Push(tree.GetRoot());
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            var refusal = Syntax(node) ?? Semantics(node, model, own);
            // A refusal on the generated frame (the parentheses around a snippet) is reported where the user wrote it.
            var inUserCode = node.GetLocation().GetMappedLineSpan().HasMappedPath || !node.ChildNodes().Any();
            if (refusal is { } r && inUserCode)
            {
                // One error per offending expression: its parts (File in File.Exists) would only repeat it.
                found.Add(SnippetCompiler.At(node.GetLocation(), DiagnosticCodes.SnippetNotAllowed,
                    $"'{r.Name}' is not allowed in a snippet: {r.Reason}; add 'unsafe: true' to the recipe if it really needs it"));
                continue;
            }
            foreach (var child in node.ChildNodes().Reverse()) pending.Push(child);
        }
        return found.Distinct().OrderBy(d => d.Path, StringComparer.Ordinal).ThenBy(d => d.Line).ThenBy(d => d.Column).ToList();
    }

    private readonly record struct Refusal(string Name, string Reason);

    private static Refusal? Syntax(SyntaxNode node)
    {
        const string unsafeCode = "unsafe code escapes the check";
        switch (node)
        {
            case UnsafeStatementSyntax: return new("unsafe", unsafeCode);
            case FixedStatementSyntax: return new("fixed", unsafeCode);
            case PointerTypeSyntax or FunctionPointerTypeSyntax: return new(node.ToString(), unsafeCode);
            case ExternAliasDirectiveSyntax: return new("extern alias", "it loads other assemblies");
            case PrefixUnaryExpressionSyntax p when p.IsKind(SyntaxKind.AddressOfExpression) || p.IsKind(SyntaxKind.PointerIndirectionExpression):
                return new(p.OperatorToken.Text, unsafeCode);
        }
        foreach (var token in node.ChildTokens())
        {
            if (token.IsKind(SyntaxKind.UnsafeKeyword)) return new("unsafe", unsafeCode);
            if (token.IsKind(SyntaxKind.ExternKeyword) && node is not ExternAliasDirectiveSyntax) return new("extern", "it calls native code");
        }
        return null;
    }

    private static Refusal? Semantics(SyntaxNode node, SemanticModel model, IAssemblySymbol own)
    {
        if (node is QueryClauseSyntax clause)
        {
            var info = model.GetQueryClauseInfo(clause);
            return Symbol(info.CastInfo.Symbol, own) ?? Symbol(info.OperationInfo.Symbol, own);
        }
        if (node is ParenthesizedExpressionSyntax) return null; // binds to what it encloses, which is checked itself
        if (node is not (ExpressionSyntax or AttributeSyntax or ConstructorInitializerSyntax or PrimaryConstructorBaseTypeSyntax
            or SelectOrGroupClauseSyntax or OrderingSyntax))
            return null;
        var symbols = model.GetSymbolInfo(node);
        if (Symbol(symbols.Symbol, own) is { } bound) return bound;
        foreach (var candidate in symbols.CandidateSymbols)
            if (Symbol(candidate, own) is { } r) return r;
        // A literal (null, default, a constant) converted to a refused type carries no capability of its own.
        if (node is ExpressionSyntax and not LiteralExpressionSyntax)
        {
            var types = model.GetTypeInfo(node);
            return Type(types.Type, own) ?? Type(types.ConvertedType, own);
        }
        return null;
    }

    private static Refusal? Symbol(ISymbol? symbol, IAssemblySymbol own)
    {
        switch (symbol)
        {
            case null or INamespaceSymbol or ILabelSymbol or IPreprocessingSymbol:
                return null;
            case ITypeSymbol type:
                return Type(type, own);
            case IAliasSymbol alias:
                return Symbol(alias.Target, own);
            case ILocalSymbol local:
                return Type(local.Type, own);
            case IParameterSymbol parameter:
                return Type(parameter.Type, own);
            case IRangeVariableSymbol:
            case IDiscardSymbol:
                return null;
            case IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction or MethodKind.BuiltinOperator }:
                return null;
            case IMethodSymbol { MethodKind: MethodKind.FunctionPointerSignature }:
                return new("function pointer", "unsafe code escapes the check");
        }
        var method = symbol as IMethodSymbol;
        if (method?.ReducedFrom is { } extension) method = extension;
        var member = (ISymbol?)method ?? symbol;
        if (member.ContainingType is not { } container) return null;
        if (!SnippetAllowList.IsAllowedType(container.OriginalDefinition, own) || SnippetAllowList.IsRefusedMember(member.OriginalDefinition))
            return new(NameOf(member, container), SnippetAllowList.Reason(container, member));
        if (method is not null)
            foreach (var argument in method.TypeArguments)
                if (Type(argument, own) is { } r) return r;
        return Type(container, own);
    }

    private static Refusal? Type(ITypeSymbol? type, IAssemblySymbol own)
    {
        switch (type)
        {
            case null or ITypeParameterSymbol or IErrorTypeSymbol:
                return null;
            case IDynamicTypeSymbol:
                return new("dynamic", "dynamic binding escapes the check");
            case IPointerTypeSymbol or IFunctionPointerTypeSymbol:
                return new(type.ToDisplayString(), "unsafe code escapes the check");
            case IArrayTypeSymbol array:
                return Type(array.ElementType, own);
            case INamedTypeSymbol named:
                if (!SnippetAllowList.IsAllowedType(named.OriginalDefinition, own))
                    return new(named.OriginalDefinition.ToDisplayString(Names),
                        SnippetAllowList.Reason(named.OriginalDefinition, named));
                foreach (var argument in named.TypeArguments)
                    if (Type(argument, own) is { } r) return r;
                return null;
            default:
                return null;
        }
    }

    private static string NameOf(ISymbol member, INamedTypeSymbol container)
    {
        var type = container.OriginalDefinition.ToDisplayString(Names);
        return member is IMethodSymbol { MethodKind: MethodKind.Constructor } ? type : type + "." + member.Name;
    }
}
