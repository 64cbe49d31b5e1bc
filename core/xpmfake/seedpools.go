package xpmfake

// Name and place pools for seeded data. Deliberately mixed: Māori, accented and apostrophe
// names, ampersands in business names, so encoding bugs show up in tests and the demo.

var femaleNames = []string{"Leanne", "Sarah", "Aroha", "Mere", "Ngaio", "Chloé", "Zoë", "Renée", "Priya", "Mei",
	"Charlotte", "Olivia", "Grace", "Emily", "Hannah", "Siobhán", "Ana", "Kiri", "Jessica", "Sophie", "Amélie",
	"Fatima", "Hine", "Rebecca", "Linh", "Margaret", "Helen", "Anjali", "Ingrid", "Maja"}

var maleNames = []string{"James", "Wiremu", "Tāne", "Hēmi", "José", "François", "Søren", "Björn", "Liam", "Noah",
	"Jack", "Oliver", "Thomas", "Rawiri", "Mohammed", "Raj", "Daniel", "Matthew", "Sean", "Ciarán", "Ethan",
	"Arjun", "Duc", "Peter", "Graham", "Kenji", "Lachlan", "Angus", "Mateo", "Pita"}

var surnames = []string{"Smith", "O'Brien", "Ngata", "Te Whata", "Nguyen", "Müller", "Patel", "Kowalski", "Wilson",
	"Taylor", "Brown", "Williams", "Jones", "Tūhoe-Rāwiri", "McDonald", "D'Souza", "Lee", "Chen", "Walker", "Singh",
	"Parata", "García", "Fitzgerald", "O'Connor", "Ó Súilleabháin", "Henare", "Thompson", "Martin", "Anderson",
	"Clarke", "Ruatapu", "Kaur", "Jensen", "Lefèvre", "Baker", "Wright", "Kim", "Robinson", "Horomona", "Dubois"}

var businessWords = []string{"Harbour View", "Kōwhai", "Southern Cross", "Blue Gum", "Pōhutukawa", "Riverside",
	"Summit", "Ironbark", "Coastal", "Greenfield", "Tasman", "Waratah", "Highland", "Matai", "Golden Wattle",
	"Northern Star", "Kauri", "Bayside", "Redwood", "Te Puna"}

var businessTrades = []string{"Plumbing", "Electrical", "Café", "Landscaping", "Builders", "Physiotherapy",
	"Consulting", "Transport", "Dental", "Motors", "Bakery", "Design", "Joinery", "Vineyard", "Properties",
	"Imports", "Roofing", "Fitness", "Veterinary Clinic", "Engineering"}

var streetNames = []string{"Queen Street", "George Street", "High Street", "Victoria Road", "Ponsonby Road",
	"Collins Street", "King Street", "Church Lane", "Station Road", "Marine Parade", "Te Atatū Road",
	"Beach Road", "Park Avenue", "Mill Lane", "Elizabeth Street", "Karangahape Road", "Oxford Street"}

type place struct{ City, Region, PostCode string }

type countryInfo struct {
	Name, Code, Company, MobilePrefix, PhonePrefix, Domain string
	BalanceMonth                                           string
	Places                                                 []place
	TaxDigits, BusinessDigits, CompanyDigits               int
}

var countries = map[string]countryInfo{
	"AU": {Name: "Australia", Code: "AU", Company: "Pty Ltd", MobilePrefix: "04", PhonePrefix: "02", Domain: "com.au",
		BalanceMonth: "6", TaxDigits: 9, BusinessDigits: 11, CompanyDigits: 9, Places: []place{
			{"Sydney", "NSW", "2000"}, {"Parramatta", "NSW", "2150"}, {"Melbourne", "VIC", "3000"}, {"Geelong", "VIC", "3220"},
			{"Brisbane", "QLD", "4000"}, {"Cairns", "QLD", "4870"}, {"Perth", "WA", "6000"}, {"Adelaide", "SA", "5000"},
			{"Hobart", "TAS", "7000"}, {"Canberra", "ACT", "2600"}, {"Darwin", "NT", "0800"}}},
	"NZ": {Name: "New Zealand", Code: "NZ", Company: "Limited", MobilePrefix: "021", PhonePrefix: "09", Domain: "co.nz",
		BalanceMonth: "3", TaxDigits: 9, BusinessDigits: 13, CompanyDigits: 7, Places: []place{
			{"Auckland", "Auckland", "1010"}, {"Wellington", "Wellington", "6011"}, {"Christchurch", "Canterbury", "8011"},
			{"Hamilton", "Waikato", "3204"}, {"Tauranga", "Bay of Plenty", "3110"}, {"Dunedin", "Otago", "9016"},
			{"Whangārei", "Northland", "0110"}, {"Ōtaki", "Wellington", "5512"}, {"Nelson", "Nelson", "7010"}}},
	"UK": {Name: "United Kingdom", Code: "GB", Company: "Ltd", MobilePrefix: "07", PhonePrefix: "020", Domain: "co.uk",
		BalanceMonth: "3", TaxDigits: 10, BusinessDigits: 9, CompanyDigits: 8, Places: []place{
			{"London", "Greater London", "EC1A 1BB"}, {"Manchester", "Greater Manchester", "M1 1AE"},
			{"Edinburgh", "Midlothian", "EH1 1YZ"}, {"Bristol", "Avon", "BS1 4DJ"}, {"Leeds", "West Yorkshire", "LS1 4AP"},
			{"Cardiff", "South Glamorgan", "CF10 1EP"}, {"Belfast", "County Antrim", "BT1 5GS"}}},
}

var practiceNames = []string{"Harbourside & Co Chartered Accountants", "Kōwhai Accounting", "Smith & Ngata Advisory",
	"Southern Cross Accountants", "Blue Gum Business Partners", "Tasman Tax & Advisory"}

var noteTitles = []string{"Phone call", "Meeting notes", "Tax return", "Engagement letter", "GST query",
	"Year-end", "Payroll set-up", "Change of address", "Fee discussion", "Company restructure"}

var noteSentences = []string{
	"Client called about the timing of the annual return and asked whether the extension still applies.",
	"Discussed moving the bookkeeping to Xero from the spreadsheet they have used since 2019.",
	"Sent the engagement letter & fee estimate; awaiting signature before we start the accounts.",
	"Needs depreciation schedule for the ute and the new coffee machine (purchased in March).",
	"Spouse is now a director — update the register & lodge the change with the regulator.",
	"Reminded them that the bank statements for June are still outstanding.",
	"Agreed to quarterly meetings; next one pencilled in for the first week of the month.",
	"Trust distribution resolution must be signed before 30 June — chase Leanne if not back by the 20th.",
	"Query on fringe benefits for the work vehicle; referred to the tax team for advice.",
	"Payment plan with the tax office approved; first instalment due on the 28th.",
	"Rental property at the beach: confirm repairs vs improvements (new deck > $5,000).",
	"They want monthly management reports <with> cashflow forecast; quoted separately.",
	"Kei te pai — client happy with last year's service and referred her brother.",
	"Older records are in the archive box at the front desk; scan before the review.",
}

var relationshipTypes = []string{"Director", "Shareholder", "Trustee", "Beneficiary", "Partner", "Settlor",
	"Associate", "Secretary", "Public Officer", "Husband", "Wife", "Spouse", "Parent Of", "Child Of", "Appointer",
	"Member", "Auditor", "Owner"}

var groupThemes = []string{"Monthly GST", "Annual Accounts – June", "Bookkeeping", "Tax Returns Only",
	"Payroll Clients", "Xero Subscribers", "Audit Required", "Tax Pool", "Family Office", "Hospitality"}
