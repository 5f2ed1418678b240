using TraceCurate.Recipes;

namespace TraceCurate.Steps;

/// <summary>Builds a step from its recipe entry; throws a TraceCurateException with the YAML position when it is invalid.</summary>
public delegate IRecipeStep StepFactory(StepDefinition definition, StepBuildContext context);
