package xpm

import (
	"xpmsync/core/model"
)

// uuidOf reads an entity's identifier: UUID in 3.1, ID in older captures.
func uuidOf(n *node) string { return n.str("UUID", "Uuid", "ID") }

func refOf(n *node) model.Ref {
	if n == nil {
		return model.Ref{}
	}
	return model.Ref{UUID: uuidOf(n), Name: n.str("Name")}
}

// clientFromNode maps a <Client> element (any of list/search/get/add/update shapes).
func clientFromNode(n *node) model.Client {
	c := model.Client{
		UUID:                    uuidOf(n),
		Name:                    n.str("Name"),
		Title:                   n.str("Title"),
		Gender:                  n.str("Gender"),
		FirstName:               n.str("FirstName"),
		MiddleName:              n.str("MiddleName"),
		LastName:                n.str("LastName"),
		OtherName:               n.str("OtherName"),
		Email:                   n.str("Email"),
		DateOfBirth:             dateOnly(n.str("DateOfBirth")),
		DateOfDeath:             dateOnly(n.str("DateOfDeath")),
		PlaceOfBirthCity:        n.str("PlaceOfBirthCity"),
		PlaceOfBirthCountryCode: n.str("PlaceOfBirthCountryCode"),
		Industry:                n.str("Industry"),
		Address:                 n.str("Address"),
		City:                    n.str("City"),
		Region:                  n.str("Region"),
		PostCode:                n.str("PostCode"),
		Country:                 n.str("Country"),
		PostalAddress:           n.str("PostalAddress"),
		PostalCity:              n.str("PostalCity"),
		PostalRegion:            n.str("PostalRegion"),
		PostalPostCode:          n.str("PostalPostCode"),
		PostalCountry:           n.str("PostalCountry"),
		Phone:                   n.str("Phone"),
		Fax:                     n.str("Fax"),
		Website:                 n.str("Website", "WebSite"),
		ReferralSource:          n.str("ReferralSource"),
		ExportCode:              n.str("ExportCode"),
		ClientCode:              n.str("ClientCode"),
		IsProspect:              yes(n.str("IsProspect")),
		IsArchived:              yes(n.str("IsArchived")),
		IsDeleted:               yes(n.str("IsDeleted")),
		AccountManager:          refOf(n.child("AccountManager")),
		JobManager:              refOf(n.child("JobManager")),
		BillingClient:           refOf(n.child("BillingClient")),
		WebURL:                  n.str("WebUrl", "WebURL"),
	}
	if t := n.child("Type"); t != nil {
		c.Type = billingTypeFromNode(t)
	}
	c.Tax = taxFromNode(n)
	n.each("Contacts", "Contact", func(k *node) { c.Contacts = append(c.Contacts, contactFromNode(k)) })
	n.each("Notes", "Note", func(k *node) { c.Notes = append(c.Notes, noteFromNode(k)) })
	n.each("Groups", "Group", func(k *node) { c.Groups = append(c.Groups, refOf(k)) })
	n.each("Relationships", "Relationship", func(k *node) { c.Relationships = append(c.Relationships, relationshipFromNode(k)) })
	return c
}

func billingTypeFromNode(t *node) model.BillingType {
	return model.BillingType{
		Name:        t.str("Name"),
		CostMarkup:  t.str("CostMarkup"),
		PaymentTerm: t.str("PaymentTerm"),
		PaymentDay:  t.str("PaymentDay"),
	}
}

// taxFromNode reads the tax and bank details a <Client> carries at its top level.
func taxFromNode(n *node) model.TaxDetails {
	return model.TaxDetails{
		TaxNumber:                n.str("TaxNumber"),
		CompanyNumber:            n.str("CompanyNumber"),
		BusinessNumber:           n.str("BusinessNumber"),
		BranchNumber:             n.str("BranchNumber"),
		BusinessStructure:        n.str("BusinessStructure"),
		BalanceMonth:             n.str("BalanceMonth"),
		PrepareGST:               n.str("PrepareGST"),
		GSTRegistered:            n.str("GSTRegistered"),
		GSTPeriod:                gstPeriodRead(n.str("GSTPeriod")),
		GSTBasis:                 n.str("GSTBasis"),
		ProvisionalTaxBasis:      n.str("ProvisionalTaxBasis"),
		ProvisionalTaxRatio:      n.str("ProvisionalTaxRatio"),
		SignedTaxAuthority:       n.str("SignedTaxAuthority"),
		TaxAgent:                 n.str("TaxAgent"),
		AgencyStatus:             n.str("AgencyStatus"),
		ReturnType:               n.str("ReturnType"),
		PrepareActivityStatement: n.str("PrepareActivityStatement"),
		PrepareTaxReturn:         n.str("PrepareTaxReturn"),
		BankBSB:                  n.str("BankBSB", "BankBsb"),
		BankAccountName:          n.str("BankAccountName"),
		BankAccountNumber:        n.str("BankAccountNumber"),
		BankName:                 n.str("BankName"),
		ActiveAtoClient:          n.str("ActiveAtoClient"),
	}
}

func contactFromNode(n *node) model.Contact {
	return model.Contact{
		UUID:       uuidOf(n),
		Name:       n.str("Name"),
		Salutation: n.str("Salutation"),
		Addressee:  n.str("Addressee"),
		Mobile:     n.str("Mobile"),
		Email:      n.str("Email"),
		Phone:      n.str("Phone"),
		Position:   n.str("Position"),
		IsPrimary:  yes(n.str("IsPrimary")),
		IsDeleted:  yes(n.str("IsDeleted")),
	}
}

func noteFromNode(n *node) model.Note {
	tag := n.str("Tag")
	if tag == "" {
		// The OAS models tags as a list; keep them comma-joined in the model's single field.
		n.each("Tags", "Tag", func(k *node) {
			if tag != "" {
				tag += ", "
			}
			tag += k.text
		})
	}
	return model.Note{
		Title:     n.str("Title"),
		Text:      n.str("Text"),
		Folder:    n.str("Folder"),
		Tag:       tag,
		Date:      dateTime(n.str("Date")),
		CreatedBy: n.str("CreatedBy"),
	}
}

// relationshipFromNode reads both the shape embedded in a client (<Relationship><Type>…) and
// the inferred add/update answer (<ClientRelationship><RelationshipType><Name>…).
func relationshipFromNode(n *node) model.Relationship {
	typ := n.str("Type", "RelationshipType")
	if t := n.child("RelationshipType", "Type"); t != nil && len(t.kids) > 0 {
		typ = t.str("Name")
	}
	return model.Relationship{
		UUID:           uuidOf(n),
		Type:           typ,
		RelatedClient:  refOf(n.child("RelatedClient")),
		NumberOfShares: n.str("NumberOfShares"),
		Percentage:     n.str("Percentage"),
		StartDate:      dateOnly(n.str("StartDate")),
		EndDate:        dateOnly(n.str("EndDate")),
	}
}

func staffFromNode(n *node) model.Staff {
	return model.Staff{
		UUID:        uuidOf(n),
		Name:        n.str("Name"),
		Email:       n.str("Email"),
		Phone:       n.str("Phone"),
		Mobile:      n.str("Mobile"),
		Address:     n.str("Address"),
		PayrollCode: n.str("PayrollCode"),
		WebURL:      n.str("WebUrl", "WebURL"),
	}
}

func groupFromNode(n *node) model.Group {
	g := model.Group{
		UUID:    uuidOf(n),
		Name:    n.str("Name"),
		Taxable: n.str("Taxable"),
		WebURL:  n.str("WebUrl", "WebURL"),
	}
	n.each("Clients", "Client", func(k *node) { g.Clients = append(g.Clients, refOf(k)) })
	return g
}
