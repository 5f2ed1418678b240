using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TraceCurate.Diagnostics;
using Diagnostic = TraceCurate.Diagnostics.Diagnostic;

namespace TraceCurate.Scripting;

/// <summary>
/// The snippet safety guard (docs/safety.md, engine-notes §1.10): walks the user's part of the generated file (found
/// by offset, <see cref="GeneratedSource"/>) with the semantic model and refuses every symbol, type, attribute,
/// <c>using</c>, pointer, <c>dynamic</c>, <c>unsafe</c>, <c>extern</c>, <c>stackalloc</c> or <c>#line</c> that
/// <see cref="SnippetDenyList"/> names (with what to use instead) or that reaches outside <see cref="SnippetAllowList"/>.
/// It checks what the names bind to, not how they are spelled, so aliases, <c>using static</c> and <c>var</c> do not get
/// around it. A lint against mistakes and copied recipes, not a sandbox: .NET has none.
/// </summary>
internal static class SnippetGuard
{
    /// <summary>Full names as written in code (<c>System.IO.File</c>, <c>System.Object</c>), not keywords.</summary>
    private static readonly SymbolDisplayFormat Names = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters);

    public static IReadOnlyList<Diagnostic> Check(CSharpCompilation compilation, SyntaxTree tree, GeneratedSource generated)
    {
        var model = compilation.GetSemanticModel(tree);
        var own = compilation.Assembly;
        var found = new List<Diagnostic>();
        var root = tree.GetRoot();
        foreach (var trivia in root.DescendantTrivia())
        {
            if (trivia.GetStructure() is DirectiveTriviaSyntax directive && Directive(directive) is { } refused
                && generated.SpanAt(directive.SpanStart) is not null)
                found.Add(Refuse(refused, generated, directive.SpanStart));
        }
        var pending = new Stack<SyntaxNode>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            // User code is what the generator copied from the recipe or a helper, by offset; a refusal on the generated
            // frame (the parentheses around a snippet) is looked for again in the user's part inside it.
            if (generated.SpanAt(node.SpanStart) is not null && (Syntax(node) ?? Semantics(node, model, own)) is { } refusal)
            {
                // One error per offending expression: its parts (File in File.Exists) would only repeat it.
                found.Add(Refuse(refusal, generated, node.SpanStart));
                continue;
            }
            foreach (var child in node.ChildNodes().Reverse()) pending.Push(child);
        }
        return found.Distinct().OrderBy(d => d.Path, StringComparer.Ordinal).ThenBy(d => d.Line).ThenBy(d => d.Column).ToList();
    }

    private static Diagnostic Refuse(Refusal r, GeneratedSource generated, int position)
    {
        var at = generated.Locate(position)!.Value;
        var advice = r.Instead is null
            ? "add 'unsafe: true' to the recipe if it really needs it"
            : "instead, " + r.Instead;
        return Diagnostic.Error(DiagnosticCodes.SnippetNotAllowed, $"'{r.Name}' is not allowed in a snippet: {r.Reason}; {advice}",
            at.Path, at.Line, at.Column);
    }

    /// <summary>A refused symbol or construct, why, and (for the rules of <see cref="SnippetDenyList"/>) what to use instead.</summary>
    private readonly record struct Refusal(string Name, string Reason, string? Instead = null)
    {
        public Refusal(string name, SnippetDenyList.Rule rule) : this(name, rule.Reason, rule.Instead)
        {
        }
    }

    /// <summary>
    /// <c>#line</c> in user text would move what the compiler reports (and, before the guard located user code by
    /// offset, hid code from it); <c>#pragma checksum</c> names a file. <c>#pragma warning</c> stays allowed: it can
    /// silence warnings only, and the tool prints none from snippets, while a refusal or a compile error is an error.
    /// </summary>
    private static Refusal? Directive(DirectiveTriviaSyntax directive) => directive switch
    {
        LineDirectiveTriviaSyntax or LineSpanDirectiveTriviaSyntax => new("#line", SnippetDenyList.LineDirective),
        PragmaChecksumDirectiveTriviaSyntax => new("#pragma checksum", SnippetDenyList.ChecksumDirective),
        _ => null,
    };

    private static Refusal? Syntax(SyntaxNode node)
    {
        switch (node)
        {
            case UnsafeStatementSyntax: return new("unsafe", SnippetDenyList.UnsafeCode);
            case FixedStatementSyntax: return new("fixed", SnippetDenyList.UnsafeCode);
            case PointerTypeSyntax or FunctionPointerTypeSyntax: return new(node.ToString(), SnippetDenyList.UnsafeCode);
            case StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax:
                return new("stackalloc", SnippetDenyList.StackAlloc);
            case MakeRefExpressionSyntax or RefTypeExpressionSyntax or RefValueExpressionSyntax:
                return new(node.GetFirstToken().Text, SnippetDenyList.UnsafeCode);
            case ExternAliasDirectiveSyntax: return new("extern alias", "it loads other assemblies");
            case PrefixUnaryExpressionSyntax p when p.IsKind(SyntaxKind.AddressOfExpression) || p.IsKind(SyntaxKind.PointerIndirectionExpression):
                return new(p.OperatorToken.Text, SnippetDenyList.UnsafeCode);
        }
        foreach (var token in node.ChildTokens())
        {
            if (token.IsKind(SyntaxKind.UnsafeKeyword)) return new("unsafe", SnippetDenyList.UnsafeCode);
            if (token.IsKind(SyntaxKind.ArgListKeyword)) return new("__arglist", SnippetDenyList.UnsafeCode);
            if (token.IsKind(SyntaxKind.ExternKeyword) && node is not ExternAliasDirectiveSyntax) return new("extern", "it calls native code");
        }
        return null;
    }

    private static Refusal? Semantics(SyntaxNode node, SemanticModel model, IAssemblySymbol own)
    {
        // An element of a collection initializer calls the collection's Add, which no name in the source binds to.
        if (node is ExpressionSyntax { Parent: InitializerExpressionSyntax initializer } element
            && initializer.IsKind(SyntaxKind.CollectionInitializerExpression)
            && Symbol(model.GetCollectionInitializerSymbolInfo(element).Symbol, own) is { } add)
            return add;
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
        // A literal (null, default, a constant) converted to a refused type carries no capability of its own. An
        // assignment has the type of its target, which is checked itself, and named better there.
        if (node is ExpressionSyntax and not LiteralExpressionSyntax and not AssignmentExpressionSyntax)
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
                return new("function pointer", SnippetDenyList.UnsafeCode);
        }
        var method = symbol as IMethodSymbol;
        if (method?.ReducedFrom is { } extension) method = method.GetConstructedReducedFrom() ?? extension;
        var member = (ISymbol?)method ?? symbol;
        if (member.ContainingType is not { } container) return null;
        if (!IsOwn(container, own) && SnippetDenyList.ForMember(member, member.OriginalDefinition, container) is { } rule)
            return new(NameOf(member, container), rule);
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
                return new(type.ToDisplayString(), SnippetDenyList.UnsafeCode);
            case IArrayTypeSymbol array:
                return Type(array.ElementType, own);
            case INamedTypeSymbol named:
                if (!IsOwn(named, own) && SnippetDenyList.ForType(named.OriginalDefinition) is { } rule)
                    return new(named.OriginalDefinition.ToDisplayString(Names), rule);
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

    /// <summary>Declared by the recipe's own code (a helper's method, field or nested type).</summary>
    private static bool IsOwn(INamedTypeSymbol type, IAssemblySymbol own)
    {
        var outer = type;
        while (outer.ContainingType is { } parent) outer = parent;
        return SymbolEqualityComparer.Default.Equals(outer.ContainingAssembly, own);
    }

    private static string NameOf(ISymbol member, INamedTypeSymbol container)
    {
        var type = container.OriginalDefinition.ToDisplayString(Names);
        return member is IMethodSymbol { MethodKind: MethodKind.Constructor } ? type : type + "." + member.Name;
    }
}
