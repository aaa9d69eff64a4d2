package sarif

// The SARIF 2.1.0 objects essec writes. essec keeps its own small types
// rather than a general SARIF library so that the output holds only what
// carries information: no empty arrays, no -1 placeholders (a general
// library's zero values made the demo's report 429 KB for 41 results).

// SchemaURI and Version identify SARIF 2.1.0.
const (
	SchemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	Version   = "2.1.0"
)

// SrcRoot is the uriBaseId of files under the repository root.
const SrcRoot = "%SRCROOT%"

// Log is a SARIF log file.
type Log struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []Run  `json:"runs"`
}

// Run is one analysis run.
type Run struct {
	Tool               Tool                        `json:"tool"`
	Invocations        []Invocation                `json:"invocations,omitempty"`
	OriginalURIBaseIDs map[string]ArtifactLocation `json:"originalUriBaseIds,omitempty"`
	AutomationDetails  *AutomationDetails          `json:"automationDetails,omitempty"`
	// Results is always present: an empty list says "nothing found".
	Results []Result `json:"results"`
	// Properties carry each deployment's level verdicts (pass, fail,
	// unknown, not_applicable), which no SARIF field holds.
	Properties *RunProperties `json:"properties,omitempty"`
}

// RunProperties carry what SARIF has no field for.
type RunProperties struct {
	Deployments []DeploymentLevels `json:"deployments,omitempty"`
}

// DeploymentLevels are one deployment's level verdicts.
type DeploymentLevels struct {
	Name          string            `json:"name"`
	Levels        map[string]string `json:"levels,omitempty"`
	AchievedLevel string            `json:"achievedLevel,omitempty"`
}

// Tool names essec.
type Tool struct {
	Driver Driver `json:"driver"`
}

// Driver is essec's tool component with its rules.
type Driver struct {
	Name           string `json:"name"`
	Version        string `json:"version,omitempty"`
	InformationURI string `json:"informationUri,omitempty"`
	Rules          []Rule `json:"rules,omitempty"`
}

// Rule is a reportingDescriptor.
type Rule struct {
	ID                   string          `json:"id"`
	Name                 string          `json:"name,omitempty"`
	ShortDescription     *Message        `json:"shortDescription,omitempty"`
	FullDescription      *Message        `json:"fullDescription,omitempty"`
	Help                 *Message        `json:"help,omitempty"`
	HelpURI              string          `json:"helpUri,omitempty"`
	DefaultConfiguration *Configuration  `json:"defaultConfiguration,omitempty"`
	Properties           *RuleProperties `json:"properties,omitempty"`
}

// RuleProperties are the rule properties GitHub reads.
type RuleProperties struct {
	Tags             []string `json:"tags,omitempty"`
	Precision        string   `json:"precision,omitempty"`
	SecuritySeverity string   `json:"security-severity,omitempty"`
	ProblemSeverity  string   `json:"problem.severity,omitempty"`
}

// Configuration is a reportingConfiguration.
type Configuration struct {
	Level string `json:"level"`
}

// Message is a message or multiformatMessageString.
type Message struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

// Result is one alert.
type Result struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             Message           `json:"message"`
	Locations           []Location        `json:"locations,omitempty"`
	PartialFingerprints map[string]string `json:"partialFingerprints,omitempty"`
	Suppressions        []Suppression     `json:"suppressions,omitempty"`
	Properties          *ResultProperties `json:"properties,omitempty"`
}

// ResultProperties carry what SARIF has no field for.
type ResultProperties struct {
	Deployment string `json:"deployment,omitempty"`
	Resource   string `json:"resource,omitempty"`
	Status     string `json:"status,omitempty"`
}

// Location is where a result is.
type Location struct {
	PhysicalLocation PhysicalLocation `json:"physicalLocation"`
}

// PhysicalLocation is a file and a region.
type PhysicalLocation struct {
	ArtifactLocation ArtifactLocation `json:"artifactLocation"`
	Region           *Region          `json:"region,omitempty"`
}

// ArtifactLocation is a URI, relative to URIBaseID when set.
type ArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

// Region is a line range.
type Region struct {
	StartLine int `json:"startLine"`
}

// Suppression records a waiver.
type Suppression struct {
	Kind          string `json:"kind"`
	Status        string `json:"status,omitempty"`
	Justification string `json:"justification,omitempty"`
}

// Invocation says the run completed, with the evidence it could not
// collect as notifications.
type Invocation struct {
	ExecutionSuccessful        bool           `json:"executionSuccessful"`
	ToolExecutionNotifications []Notification `json:"toolExecutionNotifications,omitempty"`
}

// Notification is one collection error.
type Notification struct {
	Level   string  `json:"level"`
	Message Message `json:"message"`
}

// AutomationDetails names the run's category for GitHub.
type AutomationDetails struct {
	ID string `json:"id"`
}

// SARIF levels.
const (
	LevelError   = "error"
	LevelWarning = "warning"
	LevelNote    = "note"
)
