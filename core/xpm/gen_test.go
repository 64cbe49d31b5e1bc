package xpm

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
)

// Realistic detailed-list generator (addendum §7: ~3–3.5 KB per client with notes, contacts,
// multi-line addresses, escaped characters and non-ASCII names).

var (
	genFirst = []string{"Aroha", "Ben", "Chloé", "Dmitri", "Eru", "Fatima", "George", "Hēmi", "Isla", "Jürgen", "Kiri", "Liam", "Mele", "Nikhil", "Olivia", "Priya"}
	genLast  = []string{"Smith", "Ngata", "O'Brien", "Müller", "Patel", "Wong", "Te Rangi", "García", "Brown", "Kowalski", "Tūhoe", "Chen"}
	genKind  = []string{"Ltd", "Trust", "& Co", "Holdings Ltd", "Family Trust", "Partnership", "Farms Ltd", "<Group>"}
	genText  = "Discussed the year-end accounts & provisional tax; client wants GST filed monthly from April. Follow up re <IR3> and the rental property schedule. "
)

// writeGenClient writes one detailed <Client> of realistic size.
func writeGenClient(w io.Writer, i int, r *rand.Rand) {
	first, last := genFirst[r.IntN(len(genFirst))], genLast[r.IntN(len(genLast))]
	name := xmlEsc(fmt.Sprintf("%s %s %s %d", first, last, genKind[r.IntN(len(genKind))], i))
	fmt.Fprintf(w, "<Client><UUID>%08x-1111-4c1e-9c55-%012x</UUID><Name>%s</Name><Title>Mr</Title><Gender>Male</Gender>", i, i, name)
	fmt.Fprintf(w, "<FirstName>%s</FirstName><MiddleName /><LastName>%s</LastName><OtherName /><Email>%s.%d@example.co.nz</Email>", first, xmlEsc(last), strings.ToLower(first), i)
	fmt.Fprintf(w, "<DateOfBirth>19%02d-%02d-%02dT00:00:00</DateOfBirth>", 40+r.IntN(60), 1+r.IntN(12), 1+r.IntN(28))
	fmt.Fprintf(w, "<Address>Level %d\n%d %s Street\nSuburb %d</Address><City>Auckland</City><Region>Auckland</Region><PostCode>%04d</PostCode><Country>New Zealand</Country>", r.IntN(20), r.IntN(400), xmlEsc(last), i%97, r.IntN(9999))
	fmt.Fprintf(w, "<PostalAddress>PO Box %d\nShortland Street</PostalAddress><PostalCity>Auckland</PostalCity><PostalRegion>Auckland</PostalRegion><PostalPostCode>1140</PostalPostCode><PostalCountry>New Zealand</PostalCountry>", r.IntN(9999))
	fmt.Fprintf(w, "<Phone>09 555 %04d</Phone><Fax /><Website>https://client%d.example.co.nz</Website><ReferralSource>Referral</ReferralSource><ExportCode>EX%05d</ExportCode><ClientCode>C%05d</ClientCode>", r.IntN(9999), i, i, i)
	fmt.Fprintf(w, "<IsProspect>No</IsProspect><IsArchived>%s</IsArchived><IsDeleted>No</IsDeleted>", yesNo(i%50 == 0))
	fmt.Fprintf(w, "<AccountManager><UUID>5c1f0000-aaaa-4bbb-8ccc-%012x</UUID><Name>Partner %d</Name></AccountManager><JobManager><UUID>5c1f0000-aaaa-4bbb-8ccc-%012x</UUID><Name>Manager %d</Name></JobManager>", i%5, i%5, 5+i%7, i%7)
	io.WriteString(w, "<Type><Name>Standard</Name><CostMarkup>30.00</CostMarkup><PaymentTerm>DayOfMonth</PaymentTerm><PaymentDay>20</PaymentDay></Type>")
	fmt.Fprintf(w, "<TaxNumber>******%03d</TaxNumber><CompanyNumber>%07d</CompanyNumber><BusinessNumber>94290%08d</BusinessNumber><BranchNumber>1</BranchNumber><BusinessStructure>Company</BusinessStructure><BalanceMonth>3</BalanceMonth>", i%1000, i, i)
	io.WriteString(w, "<PrepareGST>Yes</PrepareGST><GSTRegistered>Yes</GSTRegistered><GSTPeriod>2 Monthly</GSTPeriod><GSTBasis>Invoice</GSTBasis><ProvisionalTaxBasis>Standard Option</ProvisionalTaxBasis><ProvisionalTaxRatio /><SignedTaxAuthority>Yes</SignedTaxAuthority><TaxAgent /><AgencyStatus>With EOT</AgencyStatus><ReturnType>IR4</ReturnType><PrepareActivityStatement>No</PrepareActivityStatement><PrepareTaxReturn>No</PrepareTaxReturn>")
	io.WriteString(w, "<Contacts>")
	for k := range 1 + r.IntN(5) {
		cf := genFirst[r.IntN(len(genFirst))]
		fmt.Fprintf(w, "<Contact><UUID>c0a1c0a1-%04x-4000-8000-%012x</UUID><Name>%s %s</Name><Salutation>%s</Salutation><Addressee>%s %s</Addressee><Mobile>021 %07d</Mobile><Email>%s@example.com</Email><Phone /><IsDeleted>No</IsDeleted><IsPrimary>%s</IsPrimary><Position>Director</Position></Contact>",
			k, i, cf, xmlEsc(last), cf, cf, xmlEsc(last), r.IntN(9999999), strings.ToLower(cf), yesNo(k == 0))
	}
	io.WriteString(w, "</Contacts><Notes>")
	for range r.IntN(3) {
		fmt.Fprintf(w, "<Note><Title>File note</Title><Text>%s</Text><Folder>General</Folder><Date>2024-0%d-12T13:00:00</Date><CreatedBy>Partner 1</CreatedBy></Note>", xmlEsc(strings.Repeat(genText, 1+r.IntN(6))), 1+r.IntN(9))
	}
	fmt.Fprintf(w, "</Notes><Groups><Group><UUID>9e000000-0000-4000-8000-%012x</UUID><Name>Group %d</Name></Group></Groups>", i%20, i%20)
	if i%10 == 0 {
		fmt.Fprintf(w, "<Relationships><Relationship><UUID>7e000000-0000-4000-8000-%012x</UUID><Type>Shareholder</Type><RelatedClient><UUID>%08x-1111-4c1e-9c55-%012x</UUID><Name>Related</Name></RelatedClient><NumberOfShares>100</NumberOfShares><Percentage /><StartDate>2011-01-01</StartDate><EndDate /></Relationship></Relationships>", i, i+1, i+1)
	} else {
		io.WriteString(w, "<Relationships />")
	}
	io.WriteString(w, "</Client>")
}

var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

func xmlEsc(s string) string { return xmlEscaper.Replace(s) }

// writeGenList writes a whole detailed list response of n clients.
func writeGenList(w io.Writer, n int) {
	bw := bufio.NewWriterSize(w, 64<<10)
	r := rand.New(rand.NewPCG(1, 2))
	io.WriteString(bw, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+`<Response api-method="List"><Status>OK</Status><Clients>`)
	for i := range n {
		writeGenClient(bw, i, r)
	}
	io.WriteString(bw, "</Clients></Response>")
	bw.Flush()
}

// genListReader streams a generated list without ever holding it in memory.
func genListReader(n int) io.ReadCloser {
	pr, pw := io.Pipe()
	go func() {
		writeGenList(pw, n)
		pw.Close()
	}()
	return pr
}
