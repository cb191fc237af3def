-- Pages of an organisation are under /organisations/{id}, as in the API and
-- the table (they were under /orgs/{id}, which still redirects): the links of
-- notices already sent follow, so that a step done marks its notice done.
UPDATE inbox SET link = '/organisations' || substr(link, 6) WHERE link LIKE '/orgs/%';
