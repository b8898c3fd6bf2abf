-- The deal a lead was converted into, as the source system records it on the lead (Salesforce
-- ConvertedOpportunityId). The importer links that deal to the lead when the deal names no lead.
ALTER TABLE leads ADD COLUMN converted_deal_id VARCHAR;
