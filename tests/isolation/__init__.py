"""Tenant isolation, proven for every route that takes an object id and for every tenant
model of the admin.

Every route with an id is listed in ``victims/`` (one module per app) or in
``test_routes_covered.NOT_TENANT_ROUTES`` with its reason; a route added without an entry fails
``test_routes_covered``. For each route, outsiders from another organisation, another
municipality and another region send GET, POST, PUT, PATCH and DELETE for an object of school
A (``test_outsiders``): they get 404 (403 or 405 only where the object is inside their scope,
or the method does not exist), the body holds none of the object's data, and nothing changes
in the database. ``test_admin`` does the same for one row of every tenant model in the admin.
"""
