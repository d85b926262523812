import { Box, Button, Card, CardContent, Link, Stack, TextField, Typography } from '@mui/material';
import { useState, type FormEvent } from 'react';
import { Link as RouterLink, Navigate, useLocation, useNavigate } from 'react-router';

import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { FormError } from '../../../components';
import { fieldMessage, toApiError, type ApiError } from '../../../lib/errors';
import { selectIsSignedIn, signedIn as signedInAction } from '../../../lib/session';
import { landingFor, type AskedPage } from './RequireAuth';
import { useGetAuthOptionsQuery, useSignInMutation } from '../api';

export function SignInPage() {
  const dispatch = useAppDispatch();
  const navigate = useNavigate();
  const location = useLocation();
  const signedIn = useAppSelector(selectIsSignedIn);
  const [signIn, { isLoading }] = useSignInMutation();
  const options = useGetAuthOptionsQuery();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const asked = location.state as AskedPage | null;

  if (signedIn) return <Navigate to={landingFor(asked, email)} replace />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const tokens = await signIn({ email, password }).unwrap();
      dispatch(signedInAction({ ...tokens, user: email.trim().toLowerCase() }));
      navigate(landingFor(asked, email), { replace: true });
    } catch (err) {
      setError(toApiError(err));
    }
  };

  return (
    <Box sx={{ minHeight: '100vh', display: 'grid', placeItems: 'center', p: 2, bgcolor: 'background.default' }}>
      <Card sx={{ width: '100%', maxWidth: 400 }}>
        <CardContent>
          <Stack component="form" spacing={2} onSubmit={submit} noValidate aria-label="Sign in">
            <Typography variant="h1">Sign in to AI Agency</Typography>
            <FormError error={error} shownFields={['email', 'password']} />
            <TextField
              label="Email"
              type="email"
              autoComplete="username"
              // eslint-disable-next-line jsx-a11y/no-autofocus -- the page is this form alone: focus starts where the user must type
              autoFocus
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              error={Boolean(fieldMessage(error, 'email'))}
              helperText={fieldMessage(error, 'email')}
            />
            <TextField
              label="Password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              error={Boolean(fieldMessage(error, 'password'))}
              helperText={fieldMessage(error, 'password')}
            />
            <Button type="submit" variant="contained" disabled={isLoading || !email || !password}>
              {isLoading ? 'Signing in…' : 'Sign in'}
            </Button>
            <Stack direction="row" sx={{ justifyContent: 'space-between' }}>
              <Link component={RouterLink} to="/forgot-password" variant="body2">
                Forgot your password?
              </Link>
              {options.data?.registration_open ? (
                <Link component={RouterLink} to="/signup" variant="body2">
                  Create an account
                </Link>
              ) : null}
            </Stack>
          </Stack>
        </CardContent>
      </Card>
    </Box>
  );
}
