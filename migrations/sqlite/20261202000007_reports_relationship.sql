-- Who is causing the problem, to the person it affects: a partner, ex-partner or family member
-- makes it domestic abuse (its own route, never mediation). NULL in reports made before it was
-- asked.
ALTER TABLE reports ADD COLUMN relationship TEXT NULL
    CHECK (relationship IS NULL OR relationship IN ('neighbour', 'someone_known',
        'stranger_or_group', 'partner_or_ex_partner', 'family_member', 'not_known',
        'prefer_not_to_say'));
